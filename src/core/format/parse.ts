// parseRunbook: Markdown text → Runbook (steps, variables, diagnostics). One pass over
// markdown-it's block tokens; inline parsing is switched off because titles and task markers
// only need the source text, which keeps parse + lint close to markdown-it's own cost.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { AttributeEntry, AttributeValue, CheckStep, CodeStep, Diagnostic, ParseOptions, Runbook, Step } from './model';
import { parseInfoString } from './attributes';
import { readStepSettings } from './attributeValues';
import { diagnostic, sortDiagnostics } from './diagnostics';
import { checkSwallowedSteps, isTerminated } from './fenceChecks';
import { findFrontMatterEnd, readFrontMatter } from './frontMatter';
import { AnchorAllocator, assignIds, type IdRequest } from './ids';
import { isExecutableLanguage, resolveRunner } from './languages';
import { normaliseText, plainText, shortTitle, slugify, SourceLines } from './text';
import { applyTranscript, isSessionLanguage, isSessionTranscript, withoutSampleOutput } from './transcriptStep';
import { lintVariableUsage } from './variableUsage';

const md = new MarkdownIt({ html: false });
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

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

export function parseRunbook(input: string, options: ParseOptions = {}): Runbook {
  const text = normaliseText(input);
  const lines = new SourceLines(text);
  // A final newline does not start another line.
  const lineCount = lines.length > 1 && text.endsWith('\n') ? lines.length - 1 : lines.length;
  const diagnostics: Diagnostic[] = [];

  const fmEnd = findFrontMatterEnd(lines);
  const fm = readFrontMatter(lines, fmEnd, diagnostics);
  // Blank the front matter so markdown-it sees the same line numbers without the YAML.
  const body = fmEnd < 0 ? text : '\n'.repeat(fmEnd + 1) + text.slice(lines.offset(fmEnd + 1));
  const tokens = md.parse(body, {});

  const anchors = new AnchorAllocator();
  const headingStack: { level: number; text: string }[] = [];
  let section: Section = { anchor: '', path: [], code: 0, check: 0 };
  let firstH1: string | undefined;
  let lastText: string | undefined;
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
      const heading = plainText(tokens[i + 1]?.content ?? '');
      while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
      headingStack.push({ level, text: heading });
      section = { anchor: anchors.allocate(slugify(heading)), path: headingStack.map((h) => h.text), code: 0, check: 0 };
      if (level === 1 && firstH1 === undefined) firstH1 = heading;
      lastText = heading;
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
          step: { kind: 'check', id: '', line, section: section.path, title: shortTitle(plainText(itemText)) || `Check at line ${line}`, checked: marker[1] !== ' ', text: itemText },
        });
      }
      if (marker) task = { depth: listDepth, text: plainText(content.slice(marker[0].length)) };
      else lastText = plainText(content) || lastText;
      i++;
    } else if (t.type === 'fence' && t.map) {
      const draft = readFence(t, lines, lineCount, section, task?.text ?? lastText, fm.shell, diagnostics);
      if (draft) drafts.push(draft);
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
  return runbook;
}

function readFence(t: Token, lines: SourceLines, lineCount: number, section: Section, lastText: string | undefined,
  defaultShell: string | undefined, out: Diagnostic[]): Draft | undefined {
  const [start, end] = t.map!;
  const line = start + 1;
  const source = lines.at(start);
  const markerAt = Math.max(0, source.indexOf(t.markup));
  const info = t.info.trim();
  const infoAt = info ? source.indexOf(info, markerAt + t.markup.length) : -1;
  const parsed = parseInfoString(info, infoAt < 0 ? markerAt + t.markup.length + 1 : infoAt + 1);
  const terminated = isTerminated(t, lines);
  const unterminated = !terminated && end >= lineCount;

  if (unterminated) {
    out.push(diagnostic('warning', 'unterminated-fence', line, markerAt + 1,
      `this code block is never closed, so it runs to the end of the file: add a closing ${t.markup} line after its code`,
      { endColumn: source.length + 1 }));
  }
  checkSwallowedSteps(t, unterminated, out);
  const sessionFence = isSessionLanguage(parsed.lang);
  if (sessionFence ? !isSessionTranscript(t.content) : !isExecutableLanguage(parsed.lang)) return undefined;

  for (const p of parsed.problems) out.push(diagnostic('error', 'malformed-attributes', line, p.column, p.message, { endColumn: p.endColumn }));
  const settings = readStepSettings(parsed.entries, line, out);
  if (settings.norun || parsed.words.includes('norun') || parsed.classes.includes('norun')) return undefined;

  section.code++;
  const code = t.content;
  const firstCodeLine = code.split('\n', 1)[0]!.trim();
  const title = settings.title ?? (lastText ? shortTitle(lastText) : '') ?? '';
  const step: Mutable<CodeStep> = {
    kind: 'code',
    id: '',
    explicitId: settings.id !== undefined,
    lang: parsed.lang,
    runner: resolveRunner(sessionFence ? 'shell' : parsed.lang, settings.shell, defaultShell),
    line,
    endLine: Math.min(end, lineCount),
    section: section.path,
    title: title || firstCodeLine || `Step at line ${line}`,
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
  if (settings.alias !== undefined) step.alias = settings.alias;
  if (settings.excludeFromRunAll) step.excludeFromRunAll = true;
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

function attributeRecord(entries: readonly AttributeEntry[]): Record<string, AttributeValue> {
  const record: Record<string, AttributeValue> = {};
  for (const e of entries) record[e.key] = e.value;
  return record;
}
