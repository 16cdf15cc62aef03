// The heavy part of the extension (dist/extension-full.js), loaded by main.ts on first use: once a
// runbook is open, a Runbook command runs or a runbook panel is restored. Builds the services
// once, registers them on the extension's subscriptions and returns what the API and the panel
// serializer need.
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
import type { RunbookFiles } from './runbookFiles';
import { TrustIndicator } from './trust';

/** The events of the API live in main.ts (they exist before this part loads); this part fires them. */
export interface ApiRelay {
  readonly receive: vscode.EventEmitter<Parameters<Parameters<RunbookApi['onDidReceiveMessage']>[0]>[0]>;
  readonly post: vscode.EventEmitter<Parameters<Parameters<RunbookApi['onDidPostMessage']>[0]>[0]>;
  readonly runState: vscode.EventEmitter<string>;
  readonly codeLenses: vscode.EventEmitter<string>;
}

export type FullApi = Omit<RunbookApi, 'onDidReceiveMessage' | 'onDidPostMessage' | 'onDidChangeRunState' | 'onDidChangeCodeLenses' | 'restricted'> & {
  readonly serializer: vscode.WebviewPanelSerializer;
};

export function activateFull(context: vscode.ExtensionContext, files: RunbookFiles, relay: ApiRelay): FullApi {
  const output = vscode.window.createOutputChannel('Runbook', { log: true });
  const documents = new RunbookDocuments();
  const panels = new PanelManager(context.extensionUri, (line) => output.appendLine(line), documents);
  const trust = new TrustIndicator();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const runs = new RunService(panels, documents, context.workspaceState, output, version);
  const gutters = new GutterDecorations(context.extensionUri, runs);
  const statusBar = new RunStatusBar(runs);
  context.subscriptions.push(output, documents, panels, trust, ...registerCommands(panels, files), registerLanguageClient(context, files));
  context.subscriptions.push(runs, gutters, statusBar, new StepCodeLens(runs, documents, files, (uri) => relay.codeLenses.fire(uri)), registerStepHover(runs, documents), ...registerRunCommands(runs, panels, output, version));
  context.subscriptions.push(
    runs.onDidChange((c) => relay.runState.fire(c.key)),
    panels.onDidReceiveMessage((e) => relay.receive.fire(e)),
    panels.onDidPostMessage((e) => relay.post.fire(e)),
  );
  return {
    runState: async (uri) => runStateSnapshot(await runs.controller(vscode.Uri.parse(uri, true))),
    gutters: (uri) => gutters.statusByLine(uri),
    get statusBarText() {
      return statusBar.text;
    },
    openPanels: () => panels.openPanels(),
    serializer: panels,
  };
}
