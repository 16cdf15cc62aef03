// The entry point (dist/extension.js, 3 KB): activation does only cheap work. It registers the
// commands and the panel serializer as loaders, and once the built-in Markdown extension has
// started (afterMarkdown.ts) checks the open documents (runbookFiles.ts, dist/extension-files.js:
// the rule and its glob matcher). The rest of the extension (dist/extension-full.js: language
// client, run service, panels, CodeLens, gutters…) loads on first use: when an open Markdown file
// is a runbook (src/core/format/isRunbook.ts), a Runbook command runs or a runbook panel is
// restored. A plain README reader never loads it (docs/performance.md).
import * as vscode from 'vscode';
import { afterMarkdownStart } from './afterMarkdown';
import type { RunbookApi } from './api';
import { disposeAll } from './dispose';
import type { ApiRelay, FullApi } from './full';
import { VIEW_TYPE } from './panel/viewType';
import type { RunbookFiles } from './runbookFiles';
import { errorMessage } from '../core/text/errorMessage';

/** Edits that can make a file a runbook add a front-matter key (`key:`). */
const MAY_DECLARE_RUNBOOK = /:/;

export function activate(context: vscode.ExtensionContext): RunbookApi {
  try {
    let files: RunbookFiles | undefined;
    const runbookFiles = (): RunbookFiles => {
      if (files) return files;
      // Separate bundles, required at run time so activation does not compile them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./extension-files.js') as typeof import('./runbookFiles');
      files = new module.RunbookFiles(context.workspaceState);
      context.subscriptions.push(files);
      return files;
    };
    const relay: ApiRelay = { receive: new vscode.EventEmitter(), post: new vscode.EventEmitter(), runState: new vscode.EventEmitter(), codeLenses: new vscode.EventEmitter() };
    context.subscriptions.push(relay.receive, relay.post, relay.runState, relay.codeLenses);

    let full: FullApi | undefined;
    let deactivated = false;
    const untilLoaded: vscode.Disposable[] = [];
    context.subscriptions.push({
      dispose: () => {
        deactivated = true;
        disposeAll(untilLoaded.splice(0));
      },
    });
    const load = (): FullApi => {
      if (full) return full;
      disposeAll(untilLoaded.splice(0)); // the full part registers the real commands
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./extension-full.js') as typeof import('./full');
      full = module.activateFull(context, runbookFiles(), relay);
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

    // The runbook check: every open document now, then each one opened, edited or renamed. Documents
    // opened meanwhile are in the first check, so none is missed.
    void afterMarkdownStart().then(() => {
      if (full || deactivated) return;
      const consider = (document: vscode.TextDocument) => {
        if (!full && runbookFiles().isRunbook(document)) load();
      };
      const considerAll = () => vscode.workspace.textDocuments.forEach(consider);
      untilLoaded.push(
        vscode.workspace.onDidOpenTextDocument(consider),
        vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.some((c) => MAY_DECLARE_RUNBOOK.test(c.text)) && consider(e.document)),
        vscode.workspace.onDidRenameFiles(considerAll),
        runbookFiles().onDidChange(considerAll),
      );
      considerAll();
    }).catch(reportStartFailure);

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
    reportStartFailure(error);
    throw error;
  }
}

function reportStartFailure(error: unknown): void {
  void vscode.window.showErrorMessage(`Runbook failed to start: ${errorMessage(error)}`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
