// parseRunbook: Markdown text → Runbook (steps, variables, diagnostics). One pass over
// markdown-it's block tokens with HTML blocks enabled (blocks.ts: the structure is CommonMark's,
// so nothing inside an HTML block or comment is a step or a check); inline parsing runs only on
// the few texts that become titles, which keeps parse + lint close to markdown-it's own cost.
import type { Token } from 'markdown-it';
import type { AttributeEntry, AttributeValue, CheckStep, CodeStep, Diagnostic, ParseOptions, Runbook, Step } from './model';
import { parseInfoString } from './attributes';
import { readStepSettings } from './attributeValues';
import { diagnostic, sortDiagnostics } from './diagnostics';
import { blockTokens, fenceCode, fenceIsClosed, infoLanguage } from './blocks';
import { checkSwallowedSteps } from './fenceChecks';
import { findFrontMatterEnd, readFrontMatter } from './frontMatter';
import { AnchorAllocator, assignIds, type IdRequest } from './ids';
import { isExecutableLanguage, resolveRunner } from './languages';
import { hasMarkup, plainText } from './inlineText';
import { normaliseText, shortTitle, slugify, SourceLines } from './text';
import { applyTranscript, isSessionLanguage, isSessionTranscript, withoutSampleOutput } from './transcriptStep';
import { lintVariableUsage } from './variableUsage';
import { lintPlaceholders } from './placeholders';
import { lintUnclosedCommand } from './unclosedCommand';

const TASK_MARKER = /^\[([ xX])\](?:[ \t]+|$)/;

interface Section {
  readonly anchor: string;
  readonly path: string[];
  code: number;
  check: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A step whose id is filled in once all ids are known (`id` starts empty so the object keeps its shape). */
type Draft = { request: IdRequest } & ({ kind: 'code'; step: Mutable<CodeStep> } | { kind: 'check'; step: Mutable<CheckStep> });

/** Every fenced code block CommonMark finds (steps or not), for editor features. */
export interface FenceFact {
  /** 0-based line of the opening fence. */
  readonly openLine: number;
  /** 0-based line of the closing fence; the line after the block's last line when it has none. */
  readonly closeLine: number;
  /** The language (CommonMark's first info word, decoded, lower-cased). */
  readonly lang: string;
  /** The fence marker as written (```` ``` ````, `~~~~`, …). */
  readonly markup: string;
}

export function parseRunbook(input: string, options: ParseOptions = {}): Runbook {
  return parseRunbookWithFences(input, options).runbook;
}

/** parseRunbook plus the fenced blocks it saw, so the language server never finds fences on its own. */
export function parseRunbookWithFences(input: string, options: ParseOptions = {}): { runbook: Runbook; fences: FenceFact[] } {
  const text = normaliseText(input);
  const lines = new SourceLines(text);
  // A final newline does not start another line.
  const lineCount = lines.length > 1 && text.endsWith('\n') ? lines.length - 1 : lines.length;
  const diagnostics: Diagnostic[] = [];

  const fmEnd = findFrontMatterEnd(lines);
  const fm = readFrontMatter(lines, fmEnd, diagnostics);
  // Blank the front matter so markdown-it sees the same line numbers without the YAML.
  const body = fmEnd < 0 ? text : '\n'.repeat(fmEnd + 1) + text.slice(lines.offset(fmEnd + 1));
  const env = {};
  const tokens = blockTokens(body, env);
  const fences: FenceFact[] = [];

  const anchors = new AnchorAllocator();
  const headingStack: { level: number; text: string }[] = [];
  let section: Section = { anchor: '', path: [], code: 0, check: 0 };
  let firstH1: string | undefined;
  // The text before a fence titles it (see stepTitle). Paragraphs with markup are reduced to text
  // only when a fence needs them (most never do); one that renders empty (only HTML) defers to the
  // one before. `leadIn`: that text came after the last code step, so no step took it yet.
  let lastText: string | undefined;
  let leadIn = false;
  const pendingText: string[] = [];
  /** The fence's lead-in text, if it has one (pending paragraphs are newer than lastText). */
  const leadInText = (): string | undefined => {
    while (pendingText.length > 0) {
      const text = plainText(pendingText.pop()!, env);
      if (text) {
        lastText = text;
        leadIn = true;
        break;
      }
    }
    pendingText.length = 0;
    return leadIn ? lastText : undefined;
  };
  // A fence inside a task item is titled by the item; once the item closes, its text is no title.
  let listDepth = 0;
  let task: { depth: number; text: string } | undefined;
  const drafts: Draft[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'list_item_open') {
      listDepth++;
    } else if (t.type === 'list_item_close') {
      if (task && task.depth === listDepth) task = undefined;
      listDepth--;
    } else if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      const heading = plainText(tokens[i + 1]?.content ?? '', env);
      while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
      headingStack.push({ level, text: heading });
      section = { anchor: anchors.allocate(slugify(heading)), path: headingStack.map((h) => h.text), code: 0, check: 0 };
      if (level === 1 && firstH1 === undefined) firstH1 = heading;
      lastText = heading;
      leadIn = true;
      pendingText.length = 0;
      i++;
    } else if (t.type === 'paragraph_open') {
      const content = tokens[i + 1]?.content ?? '';
      const marker = tokens[i - 1]?.type === 'list_item_open' ? TASK_MARKER.exec(content) : null;
      if (marker && t.map) {
        const itemText = content.slice(marker[0].length);
        const line = t.map[0] + 1;
        section.check++;
        drafts.push({
          kind: 'check',
          request: { kind: 'check', anchor: section.anchor, position: section.check },
          step: { kind: 'check', id: '', line, section: section.path, title: shortTitle(plainText(itemText, env)) || `Check at line ${line}`, checked: marker[1] !== ' ', text: itemText },
        });
      }
      if (marker) task = { depth: listDepth, text: plainText(content.slice(marker[0].length), env) };
      else if (hasMarkup(content)) pendingText.push(content);
      else {
        lastText = content.trim();
        leadIn = true;
        pendingText.length = 0;
      }
      i++;
    } else if (t.type === 'fence' && t.map) {
      const closed = fenceIsClosed(t);
      fences.push({ openLine: t.map[0], closeLine: closed ? t.map[1] - 1 : t.map[1], lang: infoLanguage(t.info), markup: t.markup });
      const lead = task?.text ?? leadInText();
      const draft = readFence(t, lines, lineCount, section, { lead, heading: headingStack.at(-1)?.text }, fm.shell, diagnostics);
      if (draft) {
        drafts.push(draft);
        leadIn = false; // the next fence needs text of its own, or it takes the heading and its number
      }
    }
  }

  const ids = assignIds(drafts.map((d) => d.request), diagnostics);
  // Ids are known only now; set them on the drafts instead of copying every step.
  const steps: Step[] = drafts.map((d, n) => {
    d.step.id = ids[n]!;
    return d.step;
  });
  const codeSteps = steps.filter((s): s is CodeStep => s.kind === 'code');
  lintVariableUsage(codeSteps.map(withoutSampleOutput), new Set(fm.variables.map((v) => v.name)), lines, lineCount, diagnostics);

  const title = fm.title ?? firstH1 ?? (options.fileName ? options.fileName.replace(/^.*[\\/]/, '').replace(/\.(md|markdown)$/i, '') : 'Untitled runbook');
  const runbook: Mutable<Runbook> = { title, variables: fm.variables, steps, diagnostics: sortDiagnostics(diagnostics), lineCount };
  if (fm.description !== undefined) runbook.description = fm.description;
  if (fm.shell !== undefined) runbook.shell = fm.shell;
  if (fm.timeoutMs !== undefined) runbook.timeoutMs = fm.timeoutMs;
  if (fm.cwd !== undefined) runbook.cwd = fm.cwd;
  if (fm.frontMatter) runbook.frontMatter = fm.frontMatter;
  return { runbook, fences };
}

function readFence(t: Token, lines: SourceLines, lineCount: number, section: Section, titleFrom: TitleSource,
  defaultShell: string | undefined, out: Diagnostic[]): Draft | undefined {
  const [start, end] = t.map!;
  const line = start + 1;
  const source = lines.at(start);
  const markerAt = Math.max(0, source.indexOf(t.markup));
  const info = t.info.trim();
  const infoAt = info ? source.indexOf(info, markerAt + t.markup.length) : -1;
  const parsed = parseInfoString(info, infoAt < 0 ? markerAt + t.markup.length + 1 : infoAt + 1);
  // CommonMark decodes entities and escapes in the info string: `b&#97;sh` is bash.
  const lang = /[&\\]/.test(parsed.lang) ? infoLanguage(info) : parsed.lang;
  const terminated = fenceIsClosed(t);
  const unterminated = !terminated && end >= lineCount;

  if (unterminated) {
    out.push(diagnostic('warning', 'unterminated-fence', line, markerAt + 1,
      `this code block is never closed, so it runs to the end of the file: add a closing ${t.markup} line after its code`,
      { endColumn: source.length + 1 }));
  }
  checkSwallowedSteps(t, unterminated, out);
  const sessionFence = isSessionLanguage(lang);
  if (sessionFence ? !isSessionTranscript(t.content) : !isExecutableLanguage(lang)) return undefined;

  for (const p of parsed.problems) out.push(diagnostic('error', 'malformed-attributes', line, p.column, p.message, { endColumn: p.endColumn }));
  const settings = readStepSettings(parsed.entries, line, out);
  if (settings.norun || parsed.words.includes('norun') || parsed.classes.includes('norun')) return undefined;

  section.code++;
  const code = fenceCode(t);
  const firstCodeLine = code.split('\n', 1)[0]!.trim();
  const step: Mutable<CodeStep> = {
    kind: 'code',
    id: '',
    explicitId: settings.id !== undefined,
    lang,
    runner: resolveRunner(sessionFence ? 'shell' : lang, settings.shell, defaultShell),
    line,
    endLine: Math.min(end, lineCount),
    section: section.path,
    title: settings.title || stepTitle(titleFrom, section.code) || firstCodeLine || `Step at line ${line}`,
    attributes: attributeRecord(parsed.entries),
    attributeEntries: parsed.entries,
    classes: parsed.classes,
    code,
    unterminated,
    expectExit: settings.expectExit,
    continueOnError: settings.continueOnError,
    interactive: settings.interactive,
  };
  if (parsed.braces) step.attributeRange = { start: { line, column: parsed.braces.column }, end: { line, column: parsed.braces.endColumn } };
  if (settings.timeoutMs !== undefined) step.timeoutMs = settings.timeoutMs;
  if (settings.confirm !== undefined) step.confirm = settings.confirm === true ? `Run '${step.title}'?` : settings.confirm;
  if (settings.expect !== undefined) step.expect = settings.expect;
  if (settings.cwd !== undefined) step.cwd = settings.cwd;
  if (settings.shell !== undefined) step.shell = settings.shell;
  if (settings.when !== undefined) step.when = settings.when;
  applyTranscript(step, (n) => lines.at(n - 1), out);
  lintUnclosedCommand(step, (n) => lines.at(n - 1), out);
  lintPlaceholders(step, (n) => lines.at(n - 1), out);
  if (settings.alias !== undefined) step.alias = settings.alias;
  if (settings.excludeFromRunAll) step.excludeFromRunAll = true;
  if (settings.keepBackground) step.keepBackground = true;
  const e = settings.idEntry;
  return {
    kind: 'code',
    request: {
      kind: 'code', anchor: section.anchor, position: section.code,
      ...(e && settings.id ? { explicit: { id: settings.id, line, column: e.column, endColumn: e.endColumn } } : {}),
    },
    step,
  };
}

/** What may title a code step without a `title` attribute. */
interface TitleSource {
  /** Text directly above the fence, after the previous code step (a paragraph or the heading), or its task item. */
  readonly lead?: string;
  /** The nearest heading above. */
  readonly heading?: string;
}

/**
 * A lead-in that only says to run what follows ("From an elevated PowerShell session, run:",
 * "Run the following command:") names no action: the heading, when there is one, says what the
 * step does.
 */
const BARE_RUN_INSTRUCTION = /\b(?:run|execute|enter|type)(?:\s+(?:the\s+)?(?:following|this|these)(?:\s+(?:commands?|script|snippet|lines?))?)?\s*[:.]?\s*$/i;

/**
 * A step's title (docs/format.md, "titles"): its own lead-in text, unless it only says "run:";
 * else its heading, numbered after the first code step under that heading ("Patch the database
 * (2)"), so the cards of one section are told apart. Empty when neither exists.
 */
function stepTitle(from: TitleSource, position: number): string {
  if (from.lead && !(from.heading && BARE_RUN_INSTRUCTION.test(from.lead))) return shortTitle(from.lead);
  if (!from.heading) return '';
  const heading = shortTitle(from.heading);
  return heading && position > 1 ? `${heading} (${position})` : heading;
}

function attributeRecord(entries: readonly AttributeEntry[]): Record<string, AttributeValue> {
  const record: Record<string, AttributeValue> = {};
  for (const e of entries) record[e.key] = e.value;
  return record;
}
