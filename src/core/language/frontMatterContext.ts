// Where a position lies in the YAML front matter: a top-level key, a variable name, a variable field,
// or a value — worked out from indentation so it also works while the YAML is half typed.
import type { RunbookDocument } from './document';

export type FrontMatterContext =
  | { readonly kind: 'top-key'; readonly prefixStart: number }
  | { readonly kind: 'variable-name'; readonly prefixStart: number }
  | { readonly kind: 'variable-field'; readonly variable: string; readonly prefixStart: number }
  | { readonly kind: 'value'; readonly key: string; readonly parents: readonly string[]; readonly prefixStart: number };

/** 0-based last line of the front matter body, also while the closing `---` is not typed yet. */
export function frontMatterBody(doc: RunbookDocument): { first: number; last: number } | undefined {
  if (!/^\uFEFF?---\s*$/.test(doc.lines[0] ?? '')) return undefined;
  if (doc.frontMatterEnd > 0) return { first: 1, last: doc.frontMatterEnd - 1 };
  const end = doc.lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  return end > 0 ? { first: 1, last: end - 1 } : undefined;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
const keyOf = (line: string) => /^[ \t]*["']?([\w-]+)["']?[ \t]*:/.exec(line)?.[1];

/** The keys enclosing `line` (outermost first), found by walking up to lines with less indentation. */
export function parentKeys(doc: RunbookDocument, line: number, indent: number, first: number): string[] {
  const parents: string[] = [];
  let limit = indent;
  for (let i = line - 1; i >= first && limit > 0; i--) {
    const text = doc.lines[i]!;
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const ind = indentOf(text);
    if (ind < limit) {
      const key = keyOf(text);
      if (key) parents.unshift(key);
      limit = ind;
    }
  }
  return parents;
}

export function frontMatterContext(doc: RunbookDocument, line: number, character: number): FrontMatterContext | undefined {
  const body = frontMatterBody(doc);
  if (!body || line < body.first || line > body.last) return undefined;
  const before = (doc.lines[line] ?? '').slice(0, character);
  const keyTyping = /^([ \t]*)([\w-]*)$/.exec(before);
  if (keyTyping) {
    const indent = keyTyping[1]!.length;
    const prefixStart = indent;
    if (indent === 0) return { kind: 'top-key', prefixStart };
    const parents = parentKeys(doc, line, indent, body.first);
    if (parents.length === 1 && parents[0] === 'variables') return { kind: 'variable-name', prefixStart };
    if (parents.length === 2 && parents[0] === 'variables') return { kind: 'variable-field', variable: parents[1]!, prefixStart };
    return undefined;
  }
  const valueTyping = /^([ \t]*)([\w-]+)[ \t]*:[ \t]*([\w.-]*)$/.exec(before);
  if (valueTyping) {
    const parents = parentKeys(doc, line, valueTyping[1]!.length, body.first);
    return { kind: 'value', key: valueTyping[2]!, parents, prefixStart: character - valueTyping[3]!.length };
  }
  return undefined;
}
