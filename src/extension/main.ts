// The composition root: builds the services once, registers them for disposal and returns the
// typed API (src/extension/api.ts). Activation failures are shown to the user, not swallowed.
import * as vscode from 'vscode';
import type { RunbookApi } from './api';
import { registerCommands } from './openCommands';
import { StepCodeLens } from './editor/codeLens';
import { GutterDecorations } from './editor/gutters';
import { registerStepHover } from './editor/hover';
import { RunStatusBar } from './editor/statusBar';
import { registerRunCommands } from './run/runCommands';
import { RunService } from './run/runService';
import { runStateSnapshot } from './run/snapshot';
import { registerLanguageClient } from './languageClient';
import { PanelManager } from './panel/panelManager';
import { RunbookDocuments } from './runbookDocument';
import { TrustIndicator } from './trust';

export function activate(context: vscode.ExtensionContext): RunbookApi {
  try {
    const output = vscode.window.createOutputChannel('Runbook', { log: true });
    const documents = new RunbookDocuments();
    const panels = new PanelManager(context.extensionUri, (line) => output.appendLine(line), documents);
    const trust = new TrustIndicator();
    const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
    const runs = new RunService(panels, documents, context.workspaceState, output, version);
    const gutters = new GutterDecorations(context.extensionUri, runs);
    const statusBar = new RunStatusBar(runs);
    context.subscriptions.push(output, documents, panels, trust, ...registerCommands(panels), registerLanguageClient(context));
    context.subscriptions.push(runs, gutters, statusBar, new StepCodeLens(runs, documents), registerStepHover(runs), ...registerRunCommands(runs, panels, output, version));
    const runStateChanged = new vscode.EventEmitter<string>();
    context.subscriptions.push(runStateChanged, runs.onDidChange((c) => runStateChanged.fire(c.key)));
    return {
      runState: async (uri) => runStateSnapshot(await runs.controller(vscode.Uri.parse(uri, true))),
      onDidChangeRunState: runStateChanged.event,
      gutters: (uri) => gutters.statusByLine(uri),
      get statusBarText() {
        return statusBar.text;
      },
      get restricted() {
        return trust.restricted;
      },
      openPanels: () => panels.openPanels(),
      onDidReceiveMessage: panels.onDidReceiveMessage,
      onDidPostMessage: panels.onDidPostMessage,
    };
  } catch (error) {
    void vscode.window.showErrorMessage(`Runbook failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
