// Starts the Runbook language client lazily: only once a Markdown document that is a runbook is
// open (vscode-eslint's pattern), so plain Markdown users never pay for the server process.
// The server (dist/server.js) runs in its own Node process over IPC and only reads text.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { looksLikeRunbook } from '../core/language/detect';

const CLIENT_ID = 'runbook';
const CLIENT_NAME = 'Runbook Language Server';
// Edits that can turn Markdown into a runbook add a fence (` or ~) or a front-matter key (:).
const MAY_START_RUNBOOK = /[`~:]/;

export function registerLanguageClient(context: vscode.ExtensionContext): vscode.Disposable {
  let client: LanguageClient | undefined;
  const subscriptions: vscode.Disposable[] = [];

  const start = () => {
    if (client) return;
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'markdown', scheme: 'file' },
        { language: 'markdown', scheme: 'untitled' },
        { language: 'markdown', scheme: 'vscode-remote' },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}') },
    };
    client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Runbook language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    });
    // Nothing left to watch for once the client runs.
    for (const s of subscriptions.splice(0)) s.dispose();
  };

  const consider = (doc: vscode.TextDocument) => {
    if (!client && doc.languageId === 'markdown' && looksLikeRunbook(doc.getText())) start();
  };

  subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.some((c) => MAY_START_RUNBOOK.test(c.text))) consider(e.document);
    }),
  );
  for (const doc of vscode.workspace.textDocuments) consider(doc);

  return {
    dispose: () => {
      for (const s of subscriptions.splice(0)) s.dispose();
      void client?.stop();
      client = undefined;
    },
  };
}
