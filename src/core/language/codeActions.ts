// Quick fixes for lint diagnostics: give a duplicate id a unique one, declare an undeclared
// variable in the front matter, replace a misspelt attribute, value or front-matter key with the
// did-you-mean, write a step name with spaces as the slug it becomes, remove the prompts of a
// shell block that mixes prompts and commands (transcriptFixes.ts), replace a placeholder
// (`<pod>`) with a variable the run asks for, close a here-document never closed.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { attributeTokens, type AttributeToken } from './attributeTokens';
import { diagnosticsFor } from './diagnostics';
import type { RunbookDocument } from './document';
import { norunEdit, stripPromptEdits } from './transcriptFixes';

export function codeActions(doc: RunbookDocument, range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnosticsFor(doc)) {
    if (!overlaps(d.range, range)) continue;
    if (d.code === 'mixed-transcript') {
      actions.push(...transcriptFixes(doc, d));
      continue;
    }
    if (d.code === 'placeholder') {
      const fix = placeholderFix(doc, d);
      if (fix) actions.push(fix);
      continue;
    }
    const action = fixFor(doc, d);
    if (action) actions.push(action);
  }
  return actions;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function fixFor(doc: RunbookDocument, d: Diagnostic): CodeAction | undefined {
  const data = (d.data ?? {}) as Record<string, string | undefined>;
  switch (d.code) {
    case 'duplicate-id':
      return renameDuplicateId(doc, d);
    case 'unclosed-command': {
      // A here-document never closed: its delimiter line goes just before the closing fence, with
      // the fence's own indentation (or `> `), which Markdown removes from the block's lines.
      const close = Number(data.closeLine) - 1;
      const fence = doc.lines[close];
      if (!data.delimiter || fence === undefined || !/^[\s>]*(`{3,}|~{3,})\s*$/.test(fence)) return undefined;
      const prefix = /^[\s>]*/.exec(fence)![0];
      return action(`Close the here-document with a '${data.delimiter}' line`, doc, [{ range: { start: { line: close, character: 0 }, end: { line: close, character: 0 } }, newText: `${prefix}${data.delimiter}\n` }], d, true);
    }
    case 'undeclared-variable': {
      const name = data.variable ?? doc.lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character);
      const edit = declareVariable(doc, name);
      return edit && action(`Declare variable '${name}' in the front matter`, doc, [edit], d, false);
    }
    case 'unknown-front-matter-key': {
      // The diagnostic's range is exactly the misspelt key (`variabels`).
      if (!data.suggestion) return undefined;
      return action(`Change to '${data.suggestion}'`, doc, [{ range: d.range, newText: data.suggestion }], d, true);
    }
    case 'id-slug': {
      // `name="CI coverage"` → `name="ci-coverage"`: the id the step gets anyway, written out.
      const token = data.suggestion ? tokenNear(doc, d) : undefined;
      if (!token || token.valueStart === undefined || token.valueEnd === undefined) return undefined;
      const line = d.range.start.line;
      return action(`Write the id as '${data.suggestion}'`, doc, [{ range: { start: { line, character: token.valueStart }, end: { line, character: token.valueEnd } }, newText: data.suggestion! }], d, false);
    }
    case 'unknown-attribute':
    case 'bad-attribute-value': {
      if (!data.suggestion) return undefined;
      const token = tokenNear(doc, d);
      if (!token) return undefined;
      const onKey = d.code === 'unknown-attribute';
      const start = onKey ? token.keyStart : token.valueStart;
      const end = onKey ? token.keyEnd : token.valueEnd;
      if (start === undefined || end === undefined) return undefined;
      const line = d.range.start.line;
      return action(`Change to '${data.suggestion}'`, doc, [{ range: { start: { line, character: start }, end: { line, character: end } }, newText: data.suggestion }], d, true);
    }
    default:
      return undefined;
  }
}

function transcriptFixes(doc: RunbookDocument, d: Diagnostic): CodeAction[] {
  const fenceLine = Number((d.data as Record<string, string> | undefined)?.fenceLine);
  const out: CodeAction[] = [];
  const strip = stripPromptEdits(doc, fenceLine);
  if (strip.length > 0) out.push(action('Remove the prompts (every line then runs as a script)', doc, strip, d, true));
  const norun = norunEdit(doc, fenceLine);
  if (norun) out.push(action('Mark the block as documentation (norun)', doc, [norun], d, false));
  return out;
}

/**
 * `<pod>` → `"$POD"` at every place the same placeholder is flagged, and POD declared in the
 * front matter (its description: the placeholder's words) unless it already is: the run then
 * asks for its value (missingVariables). Nothing is offered when the declaration cannot be written
 * (TOML or flow-style `variables`): a reference to an undeclared variable would run empty.
 */
/** `<password>`, `<api-token>`: declared `secret: true`, so the value is asked hidden and masked. */
const SECRET_NAME = /PASSWORD|PASSWD|TOKEN|SECRET(?!_NAME)|API_KEY|PRIVATE_KEY/;

function placeholderFix(doc: RunbookDocument, d: Diagnostic): CodeAction | undefined {
  const data = (d.data ?? {}) as Record<string, string | undefined>;
  const { placeholder, variable, replacement } = data;
  if (!placeholder || !variable || !replacement) return undefined;
  const same = diagnosticsFor(doc).filter((o) => o.code === 'placeholder' && (o.data as Record<string, string> | undefined)?.placeholder === placeholder);
  const edits: TextEdit[] = same.map((o) => ({ range: o.range, newText: (o.data as Record<string, string>).replacement! }));
  if (!doc.runbook.variables.some((v) => v.name === variable)) {
    const declare = declareVariable(doc, variable, data.description, SECRET_NAME.test(variable));
    if (!declare) return undefined;
    edits.unshift(declare);
  }
  const where = same.length > 1 ? ` (${same.length} places)` : '';
  return action(`Replace ${placeholder} with ${replacement}${where}, a variable the run asks for`, doc, edits, d, true);
}

function action(title: string, doc: RunbookDocument, edits: TextEdit[], d: Diagnostic, isPreferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred, edit: { changes: { [doc.uri]: edits } } };
}

function tokensOnLine(doc: RunbookDocument, line: number): AttributeToken[] {
  const fence = doc.fenceAtLine(line);
  return fence?.braces ? attributeTokens(doc.lines[line]!, fence.braces.open, fence.braces.close) : [];
}

/** The attribute token the diagnostic points at (its key or value starts within the range). */
function tokenNear(doc: RunbookDocument, d: Diagnostic): AttributeToken | undefined {
  const at = d.range.start.character;
  return tokensOnLine(doc, d.range.start.line).find((t) => {
    const from = Math.min(t.keyStart - 1, t.valueStart ?? t.keyStart);
    return at >= from && at <= (t.valueEnd ?? t.keyEnd);
  });
}

function renameDuplicateId(doc: RunbookDocument, d: Diagnostic): CodeAction | undefined {
  const token = tokenNear(doc, d) ?? tokensOnLine(doc, d.range.start.line).find((t) => t.key === 'id' || t.key === 'name');
  if (!token?.value || token.valueStart === undefined || (token.key !== 'id' && token.key !== 'name')) return undefined;
  const taken = new Set(doc.runbook.steps.map((s) => s.id));
  const base = token.value.replace(/-\d+$/, '');
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  const id = `${base}-${n}`;
  const line = d.range.start.line;
  return action(`Rename this step's id to '${id}'`, doc, [{ range: { start: { line, character: token.valueStart }, end: { line, character: token.valueEnd! } }, newText: id }], d, true);
}

function declaration(name: string, indent: string, description = `TODO describe ${name}`, secret = false): string {
  return `${indent}${name}:\n${indent}${indent}description: ${yamlText(description)}\n${secret ? `${indent}${indent}secret: true\n` : ''}`;
}

/** A description as a YAML scalar: plain when YAML would read it back as the same text, else double-quoted. */
function yamlText(text: string): string {
  return /^[A-Za-z][\w .,/()-]*$/.test(text) && !/[ ]$/.test(text) ? text : JSON.stringify(text);
}

/** An edit adding `name` under `variables:` (creating the key or the whole front matter if needed). */
export function declareVariable(doc: RunbookDocument, name: string, description?: string, secret = false): TextEdit | undefined {
  const at = (line: number, character = 0) => ({ start: { line, character }, end: { line, character } });
  const end = doc.frontMatterEnd;
  if (doc.runbook.frontMatter?.format === 'toml') return undefined; // TOML front matter: the author adds [variables.NAME]
  if (end < 0) {
    if (/^\uFEFF?---\s*$/.test(doc.lines[0] ?? '')) return undefined; // unclosed front matter: let the YAML error lead
    return { range: at(0, doc.bomOffset), newText: `---\nvariables:\n${declaration(name, '  ', description, secret)}---\n\n` };
  }
  const vars = doc.lines.findIndex((l, i) => i > 0 && i < end && /^variables[ \t]*:/.test(l));
  if (vars < 0) return { range: at(end), newText: `variables:\n${declaration(name, '  ', description, secret)}` };
  const rest = doc.lines[vars]!.replace(/^variables[ \t]*:/, '').trim();
  if (rest === '{}' || rest === '~' || rest === 'null') {
    return { range: { start: { line: vars, character: 0 }, end: { line: vars, character: doc.lines[vars]!.length } }, newText: `variables:\n${declaration(name, '  ', description, secret).replace(/\n$/, '')}` };
  }
  if (rest && !rest.startsWith('#')) return undefined; // flow style `variables: {A: 1}`: leave it to the author
  let last = vars;
  let indent = '';
  for (let i = vars + 1; i < end; i++) {
    const l = doc.lines[i]!;
    if (!l.trim()) continue;
    const ind = /^[ \t]*/.exec(l)![0];
    if (!ind) break;
    indent ||= ind;
    last = i;
  }
  return { range: at(last + 1), newText: declaration(name, indent || '  ', description, secret) };
}
