// Starts the Runbook language client lazily: only once a runbook (src/extension/runbookFiles.ts)
// is open (vscode-eslint's pattern), so plain Markdown users never pay for the server process.
// The server (dist/server.js) runs in its own Node process over IPC and only reads text; it is
// told the `runbook.include` globs and the remembered runbooks, and lints only runbooks.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RUNBOOK_FILES_NOTIFICATION, type RunbookFilesParams } from '../core/language/runbookFilesNotification';
import type { RunbookFiles } from './runbookFiles';
import { helperEnvOverrides } from '../runhost/helperEnv';
import { errorMessage } from '../core/text/errorMessage';

const CLIENT_ID = 'runbook';
const CLIENT_NAME = 'Runbook Language Server';
// Edits that can make Markdown a runbook add a front-matter key (`key:`).
const MAY_DECLARE_RUNBOOK = /:/;

export function registerLanguageClient(context: vscode.ExtensionContext, files: RunbookFiles): vscode.Disposable {
  let client: LanguageClient | undefined;
  const subscriptions: vscode.Disposable[] = [];
  const params = (): RunbookFilesParams => ({ include: files.include(), remembered: files.remembered() });

  const start = () => {
    if (client) return;
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env: helperEnvOverrides() } },
      debug: { module, transport: TransportKind.ipc, options: { env: helperEnvOverrides(), execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'markdown', scheme: 'file' },
        { language: 'markdown', scheme: 'untitled' },
        { language: 'markdown', scheme: 'vscode-remote' },
      ],
      initializationOptions: params(),
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}') },
    };
    const started = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client = started;
    const running = started.start().then(() => true, (error: unknown) => {
      void vscode.window.showErrorMessage(`Runbook language server did not start: ${errorMessage(error)}`);
      return false;
    });
    // From now on the server decides per file; it only needs to hear when the inputs change.
    for (const s of subscriptions.splice(0)) s.dispose();
    subscriptions.push(files.onDidChange(() => {
      void running.then(async (ok) => {
        if (ok) await started.sendNotification(RUNBOOK_FILES_NOTIFICATION, params());
      });
    }));
  };

  const consider = (doc: vscode.TextDocument) => {
    if (!client && files.isRunbook(doc)) start();
  };
  const considerAll = () => vscode.workspace.textDocuments.forEach(consider);

  subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.some((c) => MAY_DECLARE_RUNBOOK.test(c.text))) consider(e.document);
    }),
    vscode.workspace.onDidRenameFiles(considerAll),
    files.onDidChange(considerAll),
  );
  considerAll();

  return {
    dispose: () => {
      for (const s of subscriptions.splice(0)) s.dispose();
      void client?.stop();
      client = undefined;
    },
  };
}
