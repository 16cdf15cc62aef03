// commonmark.js, CommonMark's reference implementation, as the oracle for block structure:
// which fenced code blocks a document has, on which line, with which language and code.
import { Parser, type Node } from 'commonmark';
import { parseRunbook } from '../../src/core/format';

export interface Fence { readonly line: number; readonly lang: string; readonly code: string }

export const reference = new Parser();

// commonmark.js keeps these on the node without public getters (its typings declare `isFenced`, which is undefined at run time).
export const internals = (n: Node) => n as unknown as { _isFenced: boolean; _fenceChar: string };
export const isFence = (n: Node) => n.type === 'code_block' && internals(n)._isFenced;

export function walk(root: Node, visit: (node: Node) => void): void {
  const walker = root.walker();
  for (let e = walker.next(); e; e = walker.next()) if (e.entering) visit(e.node);
}

export function referenceFences(markdown: string): Fence[] {
  const out: Fence[] = [];
  walk(reference.parse(markdown), (n) => {
    if (isFence(n)) out.push({ line: n.sourcepos[0][0], lang: (n.info ?? '').split(/\s/, 1)[0]!.toLowerCase(), code: n.literal ?? '' });
  });
  return out;
}

/** Runbook's code steps in the same shape. */
export function runbookFences(markdown: string): Fence[] {
  return parseRunbook(markdown).steps.flatMap((s) => (s.kind === 'code' ? [{ line: s.line, lang: s.lang, code: s.code }] : []));
}
