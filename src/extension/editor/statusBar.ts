// Status bar item with the run's progress ("Runbook: 5 / 12 steps, 1 failed"), spinning while
// a step runs; clicking it shows the runbook's notebook (or cancels, while running).
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { RunController } from '../run/runController';
import type { RunService } from '../run/runService';

export class RunStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('runbook.progress', vscode.StatusBarAlignment.Left, 99));

  constructor(runs: RunService) {
    super();
    this.item.name = 'Runbook Progress';
    this.register(runs.onDidChange((c) => this.show(c)));
  }

  get text(): string {
    return this.item.text;
  }

  private show(c: RunController): void {
    const p = c.progress();
    if (p.total === 0) return;
    const failed = p.failed ? `, ${p.failed} failed` : '';
    this.item.text = `${c.running ? '$(loading~spin)' : p.failed ? '$(error)' : '$(checklist)'} Runbook: ${p.done} / ${p.total} steps${failed}`;
    this.item.tooltip = c.running ? `Running ${c.runningStepId ?? ''} — click to cancel` : `${c.runbook.title}: open the runbook`;
    this.item.command = c.running ? { title: 'Cancel', command: 'runbook.cancel', arguments: [c.uri] } : { title: 'Open', command: 'runbook.open', arguments: [c.uri] };
    this.item.show();
  }
}
