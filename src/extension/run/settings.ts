// The `runbook.*` settings this part reads, in one place (documented in README and docs/notebook.md).
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Where sessions of `runbook` are written: `runbook.sessionsDirectory`, relative to its workspace folder. */
export function sessionsDirectory(runbook: vscode.Uri): string {
  const configured = vscode.workspace.getConfiguration('runbook', runbook).get<string>('sessionsDirectory', '.runbook/sessions') || '.runbook/sessions';
  if (path.isAbsolute(configured)) return configured;
  const folder = vscode.workspace.getWorkspaceFolder(runbook) ?? vscode.workspace.workspaceFolders?.[0];
  const base = folder ? folder.uri.fsPath : path.dirname(runbook.fsPath);
  return path.join(base, configured);
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('runbook').get<boolean>('codeLens.enabled', true);
}

export function guttersEnabled(): boolean {
  return vscode.workspace.getConfiguration('runbook').get<boolean>('gutters.enabled', true);
}
