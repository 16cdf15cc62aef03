// The entry point (dist/extension.js): activation does only cheap work. It registers the
// commands, the panel serializer and the runbook check, and loads the rest of the extension
// (dist/extension-full.js: language client, run service, panels, CodeLens, gutters…) on first use:
// when an open Markdown file is a runbook (src/core/format/isRunbook.ts), a Runbook command runs
// or a runbook panel is restored. A plain README reader never loads it (docs/performance.md).
import * as vscode from 'vscode';
import type { RunbookApi } from './api';
import { disposeAll } from './dispose';
import type { ApiRelay, FullApi } from './full';
import { VIEW_TYPE } from './panel/viewType';
import { RunbookFiles } from './runbookFiles';

/** Edits that can make a file a runbook add a front-matter key (`key:`). */
const MAY_DECLARE_RUNBOOK = /:/;

export function activate(context: vscode.ExtensionContext): RunbookApi {
  try {
    const files = new RunbookFiles(context.workspaceState);
    const relay: ApiRelay = { receive: new vscode.EventEmitter(), post: new vscode.EventEmitter(), runState: new vscode.EventEmitter(), codeLenses: new vscode.EventEmitter() };
    context.subscriptions.push(files, relay.receive, relay.post, relay.runState, relay.codeLenses);

    let full: FullApi | undefined;
    const untilLoaded: vscode.Disposable[] = [];
    context.subscriptions.push({ dispose: () => disposeAll(untilLoaded.splice(0)) });
    const load = (): FullApi => {
      if (full) return full;
      disposeAll(untilLoaded.splice(0)); // the full part registers the real commands
      // A separate bundle, required at run time so activation does not compile it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./extension-full.js') as typeof import('./full');
      full = module.activateFull(context, files, relay);
      return full;
    };

    // Every contributed command first loads the full part, then runs as registered there.
    const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
    for (const { command } of contributed) {
      untilLoaded.push(vscode.commands.registerCommand(command, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(command, ...args);
      }));
    }
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => load().serializer.deserializeWebviewPanel(panel, state),
    }));

    const consider = (document: vscode.TextDocument) => {
      if (!full && files.isRunbook(document)) load();
    };
    const considerAll = () => vscode.workspace.textDocuments.forEach(consider);
    untilLoaded.push(
      vscode.workspace.onDidOpenTextDocument(consider),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.some((c) => MAY_DECLARE_RUNBOOK.test(c.text)) && consider(e.document)),
      vscode.workspace.onDidRenameFiles(considerAll),
      files.onDidChange(considerAll),
    );
    considerAll();

    return {
      get restricted() {
        return !vscode.workspace.isTrusted;
      },
      openPanels: () => full?.openPanels() ?? [],
      onDidReceiveMessage: relay.receive.event,
      onDidPostMessage: relay.post.event,
      runState: (uri) => load().runState(uri),
      onDidChangeRunState: relay.runState.event,
      onDidChangeCodeLenses: relay.codeLenses.event,
      gutters: (uri) => full?.gutters(uri) ?? {},
      get statusBarText() {
        return full?.statusBarText ?? '';
      },
    };
  } catch (error) {
    void vscode.window.showErrorMessage(`Runbook failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
