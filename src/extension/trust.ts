// Shows Restricted Mode in the status bar while the workspace is untrusted. Runbook renders
// read-only then; the panel refuses to run steps (see RunbookPanel.runStep).
import * as vscode from 'vscode';
import { Disposable } from './dispose';

export class TrustIndicator extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('runbook.trust', vscode.StatusBarAlignment.Left, 100));

  constructor() {
    super();
    this.item.name = 'Runbook Restricted Mode';
    this.item.text = '$(shield) Runbook: read-only';
    this.item.tooltip = 'This folder is not trusted: runbooks render read-only and no step runs. Trust the folder to run steps.';
    this.item.command = 'workbench.trust.manage';
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.refresh();
  }

  get restricted(): boolean {
    return !vscode.workspace.isTrusted;
  }

  private refresh(): void {
    if (this.restricted) this.item.show();
    else this.item.hide();
  }
}
