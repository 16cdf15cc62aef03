// The runbook language service: editor features over the format's model, shared by the language
// server (src/server) and tests. No vscode import.
export { RunbookLanguageService } from './service';
export { RunbookDocument, DocumentCache, type TextSource } from './document';
export { looksLikeRunbook, isRunbook } from './detect';
export { COMPLETION_TRIGGER_CHARACTERS } from './completion';
export { LanguageError } from './navigation';
export { workspaceSymbols, type IndexedRunbook } from './symbols';
export { ATTRIBUTE_DOCS, FRONT_MATTER_DOCS, VARIABLE_DOCS } from './docs';
