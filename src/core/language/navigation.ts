// Go to definition, references and rename for runbook variables (uses in steps ↔ front-matter
// declaration). Rename edits every use in every step and the declaration.
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { RunbookDocument } from './document';
import { sameVariable, variableAt } from './variables';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A user error the server returns as a ResponseError (the editor shows the message). */
export class LanguageError extends Error {}

const rangeOf = (p: { line: number; start: number; end: number }): Range => ({
  start: { line: p.line, character: p.start },
  end: { line: p.line, character: p.end },
});

export function definition(doc: RunbookDocument, { line, character }: Position): Location | null {
  const v = variableAt(doc, line, character);
  return v?.declaration ? { uri: doc.uri, range: rangeOf(v.declaration) } : null;
}

export function references(doc: RunbookDocument, { line, character }: Position, includeDeclaration: boolean): Location[] {
  const v = variableAt(doc, line, character);
  if (!v) return [];
  const out: Location[] = [];
  if (includeDeclaration && v.declaration) out.push({ uri: doc.uri, range: rangeOf(v.declaration) });
  for (const use of doc.variableUses) if (sameVariable(use, v.name)) out.push({ uri: doc.uri, range: rangeOf(use) });
  return out;
}

export function prepareRename(doc: RunbookDocument, { line, character }: Position): { range: Range; placeholder: string } | null {
  const v = variableAt(doc, line, character);
  if (!v) return null;
  const at = v.use ?? v.declaration!;
  return { range: rangeOf(at), placeholder: doc.lines[line]!.slice(at.start, at.end) };
}

export function rename(doc: RunbookDocument, position: Position, newName: string): WorkspaceEdit | null {
  const v = variableAt(doc, position.line, position.character);
  if (!v) return null;
  if (!VARIABLE_NAME.test(newName)) {
    throw new LanguageError(`'${newName}' is not a valid variable name: use letters, digits and '_', not starting with a digit`);
  }
  if (newName !== v.name && doc.runbook.variables.some((s) => s.name === newName)) {
    throw new LanguageError(`a variable named '${newName}' is already declared in the front matter: choose another name`);
  }
  const edits: TextEdit[] = [];
  if (v.declaration) edits.push({ range: rangeOf(v.declaration), newText: newName });
  for (const use of doc.variableUses) if (sameVariable(use, v.name)) edits.push({ range: rangeOf(use), newText: newName });
  return { changes: { [doc.uri]: edits } };
}
