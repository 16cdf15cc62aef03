// PLACEHOLDER (replaced by the language-server issue): starts the runbook language client lazily.
import type * as vscode from 'vscode';

export function registerLanguageClient(_context: vscode.ExtensionContext): vscode.Disposable {
  return { dispose: () => undefined };
}
