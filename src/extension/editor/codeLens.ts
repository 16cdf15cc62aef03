// CodeLens above each step fence of a runbook (src/core/format/isRunbook.ts, or one that has run
// state): Run step, Run from here, and the last result. Plain Markdown gets none.
import * as vscode from 'vscode';
import type { CodeStep } from '../../core/format/model';
import { Disposable } from '../dispose';
import type { RunbookDocuments } from '../runbookDocument';
import type { RunbookFiles } from '../runbookFiles';
import type { RunService } from '../run/runService';
import { codeLensEnabled } from '../run/settings';
import { formatDuration } from '../../core/run/units';
import { editorStatus } from './stepStatus';

export class StepCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly runs: RunService, private readonly documents: RunbookDocuments, private readonly files: RunbookFiles) {
    super();
    this.register(files.onDidChange(() => this.changed.fire()));
    this.register(runs.onDidChange(() => this.changed.fire()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('runbook.codeLens') && this.changed.fire()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
    this.register(vscode.languages.registerCodeLensProvider({ language: 'markdown' }, this));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // In Restricted Mode nothing can run, so no lens offers to (the commands would refuse anyway).
    if (!codeLensEnabled() || !vscode.workspace.isTrusted) return [];
    const controller = await this.runs.known(document.uri);
    if (!controller && !this.files.isRunbook(document)) return [];
    const runbook = controller?.runbook ?? (await this.documents.get(document.uri)).runbook;
    const lenses: vscode.CodeLens[] = [];
    for (const step of runbook.steps.filter((s): s is CodeStep => s.kind === 'code')) {
      const range = new vscode.Range(step.line - 1, 0, step.line - 1, 0);
      const args = [document.uri, step.id];
      lenses.push(new vscode.CodeLens(range, { title: '$(play) Run step', command: 'runbook.runStep', arguments: args, tooltip: `Run step ${step.id}` }));
      lenses.push(new vscode.CodeLens(range, { title: '$(run-below) Run from here', command: 'runbook.runFrom', arguments: args, tooltip: `Run step ${step.id} and every step after it` }));
      const record = controller?.records.get(step.id);
      if (record) {
        const status = editorStatus(controller, step);
        const details = [record.exitCode !== undefined && record.exitCode !== null ? `exit ${record.exitCode}` : '', record.durationMs !== undefined && record.status !== 'running' ? formatDuration(record.durationMs) : ''].filter(Boolean).join(', ');
        lenses.push(new vscode.CodeLens(range, { title: `${status.icon} ${status.label}${details ? ` (${details})` : ''}`, command: 'runbook.revealStep', arguments: args, tooltip: 'Show the step in the runbook notebook' }));
      }
    }
    return lenses;
  }
}
