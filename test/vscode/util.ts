// Helpers for the real-VS-Code suites (reused by other test files): reach the extension's typed
// API, open a runbook panel and wait for its webview to report what it rendered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookApi, WebviewMessageEvent } from '../../src/extension/api';
import type { FromWebviewMessage, ToWebviewMessage } from '../../src/webview/protocol';

export const EXTENSION_ID = 'runbook-dev.runbook';
export const VIEW_TYPE = 'runbook.notebook';

export type RenderedMessage = Extract<FromWebviewMessage, { type: 'rendered' }>;
export type DocumentMessage = Extract<ToWebviewMessage, { type: 'document' }>;

export async function getApi(): Promise<RunbookApi> {
  const extension = vscode.extensions.getExtension<RunbookApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** A file of the test workspace (a fresh copy of runbooks/ made by the harness). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test VS Code has no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Resolves with the first event that matches; rejects with `what` after `timeoutMs`. */
export function waitFor<T>(event: vscode.Event<T>, match: (e: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(e);
    });
  });
}

/** Waits for the webview of `uri` to send `rendered`. Start waiting BEFORE causing the render. */
export async function nextRendered(api: RunbookApi, uri: vscode.Uri, what = `a render of ${uri.path}`): Promise<RenderedMessage> {
  const e = await waitFor(api.onDidReceiveMessage, (m: WebviewMessageEvent<FromWebviewMessage>) => m.uri === uri.toString() && m.message.type === 'rendered', what);
  return e.message as RenderedMessage;
}

/** Waits for the extension to send the document of `uri` to its webview. */
export async function nextDocument(api: RunbookApi, uri: vscode.Uri): Promise<DocumentMessage> {
  const e = await waitFor(api.onDidPostMessage, (m) => m.uri === uri.toString() && m.message.type === 'document', `the document of ${uri.path} posted to its webview`);
  return e.message as DocumentMessage;
}

export interface OpenedPanel {
  readonly api: RunbookApi;
  readonly uri: vscode.Uri;
  /** What the extension sent: the parsed runbook and the trust flag. */
  readonly document: DocumentMessage;
  /** What the webview reported back after rendering it. */
  readonly rendered: RenderedMessage;
}

/** Runs `Runbook: Open Runbook` (or `…to the Side`) on a workspace file and waits for the webview's report. */
export async function openRunbookPanel(file: string | vscode.Uri, command: 'runbook.open' | 'runbook.openToSide' = 'runbook.open'): Promise<OpenedPanel> {
  const api = await getApi();
  const uri = typeof file === 'string' ? workspaceFile(file) : file;
  const document = nextDocument(api, uri);
  const rendered = nextRendered(api, uri);
  await vscode.commands.executeCommand(command, uri);
  return { api, uri, document: await document, rendered: await rendered };
}

/** The webview tabs of runbook panels in every editor group: what the user sees. */
export function runbookTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
