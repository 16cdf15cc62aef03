// Hover: attribute documentation on fence attributes, front-matter key docs, and a variable's
// description, default and secrecy on its uses and its declaration.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { attributeTokens, tokenAt } from './attributeTokens';
import { ATTRIBUTE_DOCS, docMarkdown, FRONT_MATTER_DOCS, VARIABLE_DOCS } from './docs';
import type { RunbookDocument } from './document';
import { frontMatterBody, parentKeys } from './frontMatterContext';
import { describeVariable, variableAt } from './variables';

export function hover(doc: RunbookDocument, { line, character }: Position): Hover | null {
  const markdown = (value: string, start: number, end: number): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: { line, character: start }, end: { line, character: end } },
  });
  const fence = doc.fenceAtLine(line);
  if (fence?.braces && character > fence.braces.open) {
    const hit = tokenAt(attributeTokens(doc.lines[line]!, fence.braces.open, fence.braces.close), character);
    if (!hit) return null;
    const doc_ = ATTRIBUTE_DOCS[hit.token.key];
    if (!doc_) return null;
    const start = hit.part === 'key' ? hit.token.keyStart : hit.token.valueStart!;
    const end = hit.part === 'key' ? hit.token.keyEnd : hit.token.valueEnd!;
    return markdown(docMarkdown(hit.token.key, doc_), start, end);
  }
  const variable = variableAt(doc, line, character);
  if (variable) {
    const at = variable.use ?? variable.declaration!;
    const text = variable.declaration
      ? describeVariable(variable.declaration.spec)
      : `**${variable.name}** — not declared in the front matter (an environment variable of the shell, or set by an earlier step)`;
    return markdown(text, at.start, at.end);
  }
  const body = frontMatterBody(doc);
  if (body && line >= body.first && line <= body.last) {
    const m = /^([ \t]*)([\w-]+)[ \t]*:/.exec(doc.lines[line]!);
    if (!m || character < m[1]!.length || character > m[1]!.length + m[2]!.length) return null;
    const parents = parentKeys(doc, line, m[1]!.length, body.first);
    const docs = parents.length === 0 ? FRONT_MATTER_DOCS : parents.length === 2 && parents[0] === 'variables' ? VARIABLE_DOCS : undefined;
    const d = docs?.[m[2]!];
    return d ? markdown(docMarkdown(m[2]!, d), m[1]!.length, m[1]!.length + m[2]!.length) : null;
  }
  return null;
}
