// The Runbook language server: a thin adapter from LSP to the pure language service in
// src/core/language (like VS Code's markdown-language-features server). It only reads text.
import {
  CodeActionKind, ErrorCodes, FileChangeType, ResponseError, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMPLETION_TRIGGER_CHARACTERS, LanguageError, RunbookLanguageService, type IndexedRunbook } from '../core/language';
import { DEFAULT_RUNBOOK_INCLUDE } from '../core/format/isRunbook';
import { RUNBOOK_FILES_NOTIFICATION, type RunbookFilesParams } from '../core/language/runbookFilesNotification';
import { RunbookFileRule } from './runbookFileRule';
import { WorkspaceIndex } from './workspaceIndex';

export interface ServerOptions {
  /** Delay between the last keystroke and re-linting (ms). */
  readonly lintDelayMs?: number;
  /** Where workspace symbols come from; defaults to the Markdown files of the workspace folders. */
  readonly workspace?: (folderUris: readonly string[]) => { runbooks(): Promise<IndexedRunbook[]>; invalidate(uri: string, structural: boolean): void };
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const service = new RunbookLanguageService();
  const lintDelay = options.lintDelayMs ?? 50;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let workspace: ReturnType<NonNullable<ServerOptions['workspace']>> | undefined;
  // Diagnostics only for runbooks; a client that says nothing gets the default globs.
  const rule = new RunbookFileRule({ include: DEFAULT_RUNBOOK_INCLUDE, remembered: [] });

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace = (options.workspace ?? WorkspaceIndex.fromUris)(folders);
    rule.setFolders(folders);
    if (params.initializationOptions) rule.update(params.initializationOptions as RunbookFilesParams);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: { label: 'Runbook steps' },
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'Runbook language server' },
    };
  });

  const publish = (uri: string) => {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const diagnostics = rule.isRunbook(uri, doc.getText()) ? guard(() => service.diagnostics(doc), []) : [];
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  };
  connection.onNotification(RUNBOOK_FILES_NOTIFICATION, (params: RunbookFilesParams) => {
    rule.update(params);
    for (const doc of documents.all()) publish(doc.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    clearTimeout(timers.get(document.uri));
    // The first lint of a newly opened document is immediate; edits while typing are coalesced.
    if (document.version <= 1 || lintDelay === 0) publish(document.uri);
    else timers.set(document.uri, setTimeout(() => publish(document.uri), lintDelay));
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    service.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /** Runs a request against an open document; an unknown document answers `empty`. */
  const withDocument = <T>(uri: string, empty: T, run: (doc: TextDocument) => T): T => {
    const doc = documents.get(uri);
    return doc ? guard(() => run(doc), empty) : empty;
  };
  connection.onCompletion((p) => withDocument(p.textDocument.uri, [], (d) => service.completion(d, p.position)));
  connection.onHover((p) => withDocument(p.textDocument.uri, null, (d) => service.hover(d, p.position)));
  connection.onDefinition((p) => withDocument(p.textDocument.uri, null, (d) => service.definition(d, p.position)));
  connection.onReferences((p) => withDocument(p.textDocument.uri, [], (d) => service.references(d, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename((p) => withDocument(p.textDocument.uri, null, (d) => service.prepareRename(d, p.position)));
  connection.onRenameRequest((p) => withDocument(p.textDocument.uri, null, (d) => service.rename(d, p.position, p.newName)));
  connection.onCodeAction((p) => withDocument(p.textDocument.uri, [], (d) => service.codeActions(d, p.range)));
  connection.onDocumentSymbol((p) => withDocument(p.textDocument.uri, [], (d) => service.documentSymbols(d)));
  connection.onWorkspaceSymbol(async (p) => {
    const open = new Map<string, IndexedRunbook>();
    for (const d of documents.all()) {
      const doc = guard(() => service.document(d), undefined);
      if (doc) open.set(d.uri, { uri: d.uri, runbook: doc.runbook });
    }
    const saved = (await workspace?.runbooks()) ?? [];
    return service.workspaceSymbols(p.query, [...open.values(), ...saved.filter((r) => !open.has(r.uri))]);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) workspace?.invalidate(c.uri, c.type !== FileChangeType.Changed);
  });

  function guard<T>(run: () => T, fallback: T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof LanguageError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      connection.console.error(`Runbook language server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  documents.listen(connection);
}
