// The typed API that activate() returns. The integration tests observe the extension through it
// (which panels are open, what the webviews report) instead of reaching into the DOM; later
// features may use it too. Keep it small and real: every member is backed by production state.
import type * as vscode from 'vscode';
import type { FromWebviewMessage, ToWebviewMessage } from '../webview/protocol';

export interface WebviewMessageEvent<M> {
  /** The runbook's URI as a string: the identity of its panel. */
  readonly uri: string;
  readonly message: M;
}

export interface RunbookApi {
  /** True while the workspace is untrusted: runbooks render read-only and nothing runs. */
  readonly restricted: boolean;
  /** URIs (as strings) of the runbooks that currently have a panel, in opening order. */
  openPanels(): readonly string[];
  /** Every message a runbook webview sent to the extension host. */
  readonly onDidReceiveMessage: vscode.Event<WebviewMessageEvent<FromWebviewMessage>>;
  /** Every message the extension host sent to a runbook webview. */
  readonly onDidPostMessage: vscode.Event<WebviewMessageEvent<ToWebviewMessage>>;
  /** The run state of a runbook (created on first use: opening its panel, running a step). */
  runState(uri: string): Promise<RunStateSnapshot>;
  /** Fires with a runbook's URI whenever its run state changes. */
  readonly onDidChangeRunState: vscode.Event<string>;
  /** Fires with a runbook's URI each time the CodeLens provider tells VS Code its status lenses changed. */
  readonly onDidChangeCodeLenses: vscode.Event<string>;
  /** The status gutter icons last applied to the runbook's editors: 1-based fence line → status. */
  gutters(uri: string): Readonly<Record<number, string>>;
  /** The run-progress status bar item's text. */
  readonly statusBarText: string;
}

export interface RunStateSnapshot {
  readonly running: boolean;
  readonly runningStepId?: string;
  /** The session directory recorded into / shown; undefined before the first write. */
  readonly sessionDir?: string;
  readonly readOnly: boolean;
  readonly steps: Readonly<Record<string, StepSnapshot>>;
}

export interface StepSnapshot {
  readonly status: string;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  readonly reason?: string;
  /** Information, never a failure (a transcript's output differs from its sample). */
  readonly notice?: string;
  readonly note?: string;
  readonly checked?: boolean;
  readonly outputTail: string;
}
