// The language service the server adapts to LSP: every feature, on documents that are runbooks.
// Pure (no vscode, no I/O): the server passes documents in, tests call it directly.
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover, Location, Position, Range, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-types';
import { codeActions } from './codeActions';
import { completions } from './completion';
import { isRunbook, looksLikeRunbook } from './detect';
import { diagnosticsFor } from './diagnostics';
import { DocumentCache, RunbookDocument, type TextSource } from './document';
import { hover } from './hover';
import { definition, prepareRename, references, rename } from './navigation';
import { documentSymbols, workspaceSymbols, type IndexedRunbook } from './symbols';

export class RunbookLanguageService {
  private readonly cache = new DocumentCache();

  /** The analysed document, or undefined when the Markdown is not a runbook. */
  document(source: TextSource): RunbookDocument | undefined {
    const doc = this.cache.get(source);
    return isRunbook(doc.runbook) || looksLikeRunbook(doc.text) ? doc : undefined;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  diagnostics(source: TextSource): Diagnostic[] {
    const doc = this.document(source);
    return doc ? diagnosticsFor(doc) : [];
  }

  completion(source: TextSource, position: Position): CompletionItem[] {
    const doc = this.document(source);
    return doc ? completions(doc, position) : [];
  }

  hover(source: TextSource, position: Position): Hover | null {
    const doc = this.document(source);
    return doc ? hover(doc, position) : null;
  }

  definition(source: TextSource, position: Position): Location | null {
    const doc = this.document(source);
    return doc ? definition(doc, position) : null;
  }

  references(source: TextSource, position: Position, includeDeclaration: boolean): Location[] {
    const doc = this.document(source);
    return doc ? references(doc, position, includeDeclaration) : [];
  }

  prepareRename(source: TextSource, position: Position): { range: Range; placeholder: string } | null {
    const doc = this.document(source);
    return doc ? prepareRename(doc, position) : null;
  }

  rename(source: TextSource, position: Position, newName: string): WorkspaceEdit | null {
    const doc = this.document(source);
    return doc ? rename(doc, position, newName) : null;
  }

  codeActions(source: TextSource, range: Range): CodeAction[] {
    const doc = this.document(source);
    return doc ? codeActions(doc, range) : [];
  }

  documentSymbols(source: TextSource): DocumentSymbol[] {
    const doc = this.document(source);
    return doc ? documentSymbols(doc.runbook, doc.lines) : [];
  }

  workspaceSymbols(query: string, runbooks: Iterable<IndexedRunbook>): SymbolInformation[] {
    return workspaceSymbols(query, runbooks);
  }
}
