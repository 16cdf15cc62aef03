// Completion: attribute names and enumerable values inside a step fence's `{…}`, variable names
// after `$`, `${` and `$env:` in step bodies, and front-matter keys, fields and values.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import { attributeTokens } from './attributeTokens';
import { ATTRIBUTE_DOCS, docMarkdown, FRONT_MATTER_DOCS, VARIABLE_DOCS, type KeyDoc } from './docs';
import type { RunbookDocument } from './document';
import { frontMatterBody, frontMatterContext, parentKeys } from './frontMatterContext';
import { describeVariable } from './variables';

export const COMPLETION_TRIGGER_CHARACTERS = ['{', ' ', '=', '$', ':', '#'];

const SUGGEST_AGAIN = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

export function completions(doc: RunbookDocument, position: Position): CompletionItem[] {
  const { line, character } = position;
  const toml = doc.runbook.frontMatter?.format === 'toml';
  if (toml && line < doc.frontMatterEnd) return []; // the key completions write YAML
  const fm = toml ? undefined : frontMatterContext(doc, line, character);
  if (fm) return frontMatterCompletions(doc, fm, position);
  const fence = doc.fenceAtLine(line);
  if (fence?.braces && (fence.executable || !fence.lang) && character > fence.braces.open && (fence.braces.close === undefined || character < fence.braces.close)) {
    return attributeCompletions(doc.lines[line]!, fence.braces.open, fence.braces.close, position);
  }
  const body = doc.fenceContaining(line);
  if (body?.executable) return variableCompletions(doc, position);
  return [];
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function keyItem(key: string, doc: KeyDoc, edit: Range, insert: string, sortPrefix = '0'): CompletionItem {
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail: doc.description.split('. ')[0],
    documentation: { kind: MarkupKind.Markdown, value: docMarkdown(key, doc) },
    textEdit: { range: edit, newText: insert },
    sortText: `${sortPrefix}${key}`,
    ...(insert.endsWith('=') || insert.endsWith(': ') ? { command: SUGGEST_AGAIN } : {}),
  };
}

function valueItems(values: readonly string[], edit: Range, detail: string): CompletionItem[] {
  return values.map((value, i) => ({ label: value, kind: CompletionItemKind.Value, detail, textEdit: { range: edit, newText: value }, sortText: String(i).padStart(3, '0') }));
}

function attributeCompletions(text: string, open: number, close: number | undefined, { line, character }: Position): CompletionItem[] {
  const before = text.slice(open + 1, character);
  if (/^\s*"/.test(before)) return []; // JSON style: the user writes quoted keys themselves
  const value = /([\w-]+)=("|')?([^\s"']*)$/.exec(before);
  if (value) {
    const doc = ATTRIBUTE_DOCS[value[1]!];
    if (!doc?.values) return [];
    return valueItems(doc.values, range(line, character - value[3]!.length, character), `${value[1]} value`);
  }
  const key = /(?:^|\s)([\w-]*)$/.exec(before);
  if (!key) return []; // after `#`, `.` or inside a quoted value
  const present = new Set(attributeTokens(text, open, close).map((t) => (t.key === 'name' ? 'id' : t.key)));
  const edit = range(line, character - key[1]!.length, character);
  return Object.entries(ATTRIBUTE_DOCS)
    .filter(([k]) => !present.has(k === 'name' ? 'id' : k) || k === key[1])
    .map(([k, doc]) => keyItem(k, doc, edit, doc.flag ? k : `${k}=`));
}

function variableCompletions(doc: RunbookDocument, { line, character }: Position): CompletionItem[] {
  const text = doc.lines[line] ?? '';
  const before = text.slice(0, character);
  const m = /\$(\{|env:|\{env:)?([A-Za-z_]\w*)?$/i.exec(before);
  if (!m) return [];
  const opener = (m[1] ?? '').toLowerCase();
  const typed = m[2] ?? '';
  const closeBrace = opener.startsWith('{') && text[character] !== '}' ? '}' : '';
  const edit = range(line, character - typed.length, character);
  return doc.runbook.variables.map((v) => ({
    label: v.name,
    kind: CompletionItemKind.Variable,
    detail: v.description ?? (v.secret ? 'secret variable' : 'runbook variable'),
    documentation: { kind: MarkupKind.Markdown, value: describeVariable(v) },
    textEdit: { range: edit, newText: v.name + closeBrace },
    insertTextFormat: InsertTextFormat.PlainText,
  }));
}

function frontMatterCompletions(doc: RunbookDocument, fm: NonNullable<ReturnType<typeof frontMatterContext>>, { line, character }: Position): CompletionItem[] {
  const edit = range(line, fm.prefixStart, character);
  const body = frontMatterBody(doc)!;
  const siblings = (indent: number, parents: readonly string[]) => {
    const keys = new Set<string>();
    for (let i = body.first; i <= body.last; i++) {
      if (i === line) continue;
      const m = /^([ \t]*)([\w-]+)[ \t]*:/.exec(doc.lines[i]!);
      if (m && m[1]!.length === indent && parentKeys(doc, i, indent, body.first).join('/') === parents.join('/')) keys.add(m[2]!);
    }
    return keys;
  };
  switch (fm.kind) {
    case 'top-key': {
      const present = siblings(0, []);
      return Object.entries(FRONT_MATTER_DOCS).filter(([k]) => !present.has(k)).map(([k, d]) => keyItem(k, d, edit, k === 'variables' ? 'variables:\n  ' : `${k}: `));
    }
    case 'variable-field': {
      const present = siblings(fm.prefixStart, ['variables', fm.variable]);
      return Object.entries(VARIABLE_DOCS).filter(([k]) => !present.has(k)).map(([k, d]) => keyItem(k, d, edit, `${k}: `));
    }
    case 'variable-name': {
      // Offer the names steps use but the front matter does not declare yet.
      const declared = new Set(doc.runbook.variables.map((v) => v.name));
      const undeclared = [...new Set(doc.variableUses.map((u) => u.name))].filter((n) => !declared.has(n));
      return undeclared.map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'used in a step, not declared yet', textEdit: { range: edit, newText: `${name}:` } }));
    }
    case 'value': {
      const docs = fm.parents.length === 0 ? FRONT_MATTER_DOCS : fm.parents.length === 2 && fm.parents[0] === 'variables' ? VARIABLE_DOCS : undefined;
      const values = docs?.[fm.key]?.values;
      if (!values) return [];
      // Right after `key:` YAML needs a space before the value (`secret:true` would be one string).
      const space = doc.lines[line]![fm.prefixStart - 1] === ':' ? ' ' : '';
      return valueItems(values.map((v) => space + v), edit, `${fm.key} value`).map((item) => ({ ...item, label: item.label.trimStart(), filterText: item.label }));
    }
  }
}
