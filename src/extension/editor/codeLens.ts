// CodeLens above each step fence of a runbook (src/core/format/isRunbook.ts, or one that has run
// state): Run step, Run from here, and the last result. Plain Markdown gets none. VS Code asks
// for lenses again only when told: every change of a step's status lens (in-process, run-host and
// reattached runs alike: whatever changes the controller's records) fires the change event, and
// ./lensReminder.ts fires it again while VS Code has not asked (it drops a request on blur).
// The provider answers at once from the state as it is now: it never waits for a controller
// still loading its session or attaching to its run host. VS Code times each answer and waits
// that long (at least 250 ms) before asking again, so one slow answer would delay every later
// status by as much; the controller's change event when it is ready brings the statuses.
import * as vscode from 'vscode';
import type { CodeStep } from '../../core/format/model';
import { Disposable } from '../dispose';
import type { RunbookDocuments } from '../runbookDocument';
import type { RunbookFiles } from '../runbookFiles';
import type { RunController } from '../run/runController';
import type { RunService } from '../run/runService';
import { codeLensEnabled } from '../run/settings';
import { formatDuration } from '../../core/run/units';
import { LensReminder } from './lensReminder';
import { editorStatus } from './stepStatus';

export class StepCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Per runbook: the status lens titles VS Code was last told about. */
  private readonly announced = new Map<string, string>();
  private readonly reminder = new LensReminder(() => this.changed.fire(), (key) => vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key));

  /** `announce`: told the runbook's URI each time its status lenses changed (the API relays it to tests). */
  constructor(private readonly runs: RunService, private readonly documents: RunbookDocuments, private readonly files: RunbookFiles, private readonly announce: (uri: string) => void = () => undefined) {
    super();
    this.register(this.reminder);
    this.register(files.onDidChange(() => this.changed.fire()));
    this.register(runs.onDidChange((controller) => this.statusMayHaveChanged(controller)));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('runbook.codeLens') && this.changed.fire()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
    this.register(vscode.languages.registerCodeLensProvider({ language: 'markdown' }, this));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    this.reminder.asked(document.uri.toString());
    // In Restricted Mode nothing can run, so no lens offers to (the commands would refuse anyway).
    if (!codeLensEnabled() || !vscode.workspace.isTrusted) return [];
    const controller = this.runs.ready(document.uri);
    if (!controller && !this.files.isRunbook(document)) return [];
    // The text as it is now (an edit still waiting for its parse is parsed now): lines and stale
    // marks match the document VS Code asks about, the records are the controller's.
    const { runbook } = await this.documents.get(document.uri);
    const lenses: vscode.CodeLens[] = [];
    for (const step of runbook.steps.filter((s): s is CodeStep => s.kind === 'code')) {
      const range = new vscode.Range(step.line - 1, 0, step.line - 1, 0);
      const args = [document.uri, step.id];
      lenses.push(new vscode.CodeLens(range, { title: '$(play) Run step', command: 'runbook.runStep', arguments: args, tooltip: `Run step ${step.id}` }));
      lenses.push(new vscode.CodeLens(range, { title: '$(run-below) Run from here', command: 'runbook.runFrom', arguments: args, tooltip: `Run step ${step.id} and every step after it` }));
      const title = controller && statusTitle(controller, step);
      if (title) lenses.push(new vscode.CodeLens(range, { title, command: 'runbook.revealStep', arguments: args, tooltip: 'Show the step in the runbook notebook' }));
    }
    return lenses;
  }

  /** The controller changed (a step, the run, the session): tell VS Code when a status lens did. */
  private statusMayHaveChanged(controller: RunController): void {
    // Until it is ready the provider shows no status for it; RunService fires once it is.
    if (this.runs.ready(controller.uri) !== controller) return;
    const titles = controller.runbook.steps.filter((s): s is CodeStep => s.kind === 'code').map((s) => `${s.id}\0${statusTitle(controller, s) ?? ''}`).join('\n');
    if (this.announced.get(controller.key) === titles) return;
    this.announced.set(controller.key, titles);
    this.changed.fire();
    this.reminder.announced(controller.key);
    this.announce(controller.key);
  }
}

/** The last-result lens of a step: status, exit code, duration; undefined before it has a record. */
function statusTitle(controller: RunController, step: CodeStep): string | undefined {
  const record = controller.records.get(step.id);
  if (!record) return undefined;
  const status = editorStatus(controller, step);
  const details = [record.exitCode !== undefined && record.exitCode !== null ? `exit ${record.exitCode}` : '', record.durationMs !== undefined && record.status !== 'running' ? formatDuration(record.durationMs) : ''].filter(Boolean).join(', ');
  return `${status.icon} ${status.label}${details ? ` (${details})` : ''}`;
}
