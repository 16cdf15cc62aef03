// Runs one runbook: the pure Executor with the Session recorder as observer, the UI bridge
// (records → webview, gutters, CodeLens, hover, status bar), variables, notes, checks and skips.
// Nothing here runs unless the workspace is trusted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Executor, missingVariables, resolveVariables, stepsInScope, type ExecutionObserver, type OutputChunk, type RunScope, type StepOutcome } from '../../core/executor';
import { parseRunbook } from '../../core/format/parse';
import type { CheckDecision } from '../../core/executor/types';
import type { CheckStep, CodeStep, Runbook, Step } from '../../core/format/model';
import { overallStatus, type FinishSummary, type Session } from '../../core/session';
import type { StepView, ToWebviewMessage } from '../../webview/protocol';
import { SessionLink } from './sessionLink';
import { appendTail, newRecord, progressOf, sha256, toView, type RunProgress, type StepRecord } from './stepRecords';
import { askWithInputBoxes, VariableRequests } from './variablesPrompt';
import { vscodeExecutorHost } from './vscodeHost';

export interface ControllerDeps {
  /** Posts to the runbook's panel (coalesced); false when no panel is open. */
  post(uri: string, message: ToWebviewMessage): boolean;
  hasPanel(uri: string): boolean;
  readonly memento: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  readonly toolVersion: string;
}

export type RunKind = { readonly kind: 'step' | 'from'; readonly stepId: string } | { readonly kind: 'all' };

export class RunController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever a step's state, the session or the run state changes. */
  readonly onDidChange = this.changed.event;
  readonly records = new Map<string, StepRecord>();
  private text = '';
  private parsed: Runbook = parseRunbook('');
  private executor: Executor | undefined;
  private executorKey = '';
  private variables: Record<string, string> = {};
  private readonly requests = new VariableRequests();
  private active: { stepId?: string } | undefined;
  readonly session: SessionLink;

  constructor(readonly uri: vscode.Uri, private readonly deps: ControllerDeps) {
    this.session = new SessionLink(uri, deps.memento, deps.toolVersion);
  }

  get key(): string {
    return this.uri.toString();
  }

  get runbook(): Runbook {
    return this.parsed;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  get runningStepId(): string | undefined {
    return this.active?.stepId;
  }

  progress(): RunProgress {
    return progressOf(this.parsed, this.records);
  }

  /** Loads the document and the session this runbook last used (after a reload too). */
  async initialize(): Promise<void> {
    await this.refreshDocument();
    const restored = await this.session.restore(this.parsed).catch((e: unknown) => {
      this.deps.log.warn(`could not restore the last session of ${this.uri.fsPath}: ${message(e)}`);
      return undefined;
    });
    if (restored) this.replaceRecords(restored);
    this.changed.fire();
  }

  /** The document changed: re-parse (stale markers follow from the code hashes). */
  setText(text: string): void {
    const normalised = text.replace(/\r\n/g, '\n');
    if (normalised === this.text) return;
    this.text = normalised;
    this.parsed = parseRunbook(this.text, { fileName: path.basename(this.uri.fsPath) });
    // Stale markers follow the code: tell the webview about every step that has a result.
    const ran = [...this.records.keys()].filter((id) => this.parsed.steps.some((s) => s.id === id && s.kind === 'code'));
    if (ran.length > 0) this.postSteps(ran);
    else this.changed.fire();
  }

  async run(request: RunKind): Promise<void> {
    if (!this.mayWrite(request.kind === 'all' ? 'run the steps' : `run step "${request.stepId}"`, true)) return;
    if (this.active) {
      void vscode.window.showInformationMessage('Runbook: a run is already in progress; cancel it first or wait for it to finish.');
      return;
    }
    // The session was finished in this window: a new run records into a new session.
    if (this.session.startsNewOnRun) await this.newSession();
    this.active = {};
    this.postRun();
    try {
      await this.refreshDocument();
      const errors = this.parsed.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        const first = errors[0]!;
        void vscode.window.showErrorMessage(`Runbook: ${path.basename(this.uri.fsPath)}:${first.line}: ${first.message} — fix ${errors.length === 1 ? 'it' : `the ${errors.length} errors`} before running.`);
        return;
      }
      if (request.kind !== 'all' && !this.parsed.steps.some((s) => s.id === request.stepId)) {
        void vscode.window.showErrorMessage(`Runbook: no step "${request.stepId}" in ${path.basename(this.uri.fsPath)}.`);
        return;
      }
      const given = await this.ensureVariables(request);
      if (!given) return;
      const session = await this.session.ensureWritable(this.parsed, this.text, this.resolved(given));
      this.postSession();
      const executor = this.ensureExecutor(given, session);
      const summary = request.kind === 'all' ? await executor.runAll() : request.kind === 'from' ? await executor.runFrom(request.stepId) : await executor.runStep(request.stepId);
      this.deps.log.info(`${path.basename(this.uri.fsPath)}: ${request.kind === 'all' ? 'run all' : `${request.kind} ${request.stepId}`} → ${summary.status} in ${summary.durationMs} ms`);
    } catch (error) {
      this.deps.log.error(`run of ${this.uri.fsPath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Runbook: the run could not start: ${message(error)}`);
    } finally {
      this.active = undefined;
      this.postRun();
      this.changed.fire();
    }
  }

  cancel(): void {
    this.requests.cancelAll();
    this.executor?.cancel();
  }

  async skip(stepId: string): Promise<void> {
    if (!this.mayWrite(`skip step "${stepId}"`) || this.active) return;
    const session = await this.session.ensureWritable(this.parsed, this.text, this.resolved(this.variables));
    await session.skipStep(stepId, 'skipped in the notebook');
    const record = this.record(stepId);
    Object.assign(record, { status: 'skipped', exitCode: null, reason: 'skipped in the notebook', durationMs: 0 });
    this.postSteps([stepId]);
  }

  async setNote(stepId: string, text: string): Promise<void> {
    if (!this.mayWrite('save the note')) return;
    const session = await this.session.ensureWritable(this.parsed, this.text, this.resolved(this.variables));
    await session.addNote(stepId, text);
    this.record(stepId).note = text;
    this.deps.post(this.key, { type: 'noteSaved', stepId, text });
    this.changed.fire();
  }

  async setCheck(stepId: string, checked: boolean): Promise<void> {
    if (!this.mayWrite('record the check')) return;
    const session = await this.session.ensureWritable(this.parsed, this.text, this.resolved(this.variables));
    await session.setCheck(stepId, checked);
    this.record(stepId).checked = checked;
    this.postSteps([stepId]);
  }

  submitVariables(values: Readonly<Record<string, string>>, requestId: number | undefined): void {
    const declared = new Set(this.parsed.variables.map((v) => v.name));
    for (const [name, value] of Object.entries(values)) if (declared.has(name)) this.variables[name] = value;
    this.executor = undefined; // new values: the next run builds a new executor
    this.requests.answer(requestId, values);
  }

  cancelVariables(requestId: number): void {
    this.requests.answer(requestId, undefined);
  }

  /**
   * Finish Session: ends the session with the status its steps add up to (a failed, timed-out,
   * blocked or cancelled code step that was not later passed decides it); unticked checks do not
   * fail it. The panel then shows it finished and read-only; the next run starts a new session.
   */
  async finish(): Promise<FinishSummary | undefined> {
    if (!this.mayWrite('finish the session')) return undefined;
    if (this.active) {
      void vscode.window.showInformationMessage('Runbook: wait for the run to finish (or cancel it) before finishing the session.');
      return undefined;
    }
    if (!this.session.dir) {
      void vscode.window.showWarningMessage('Runbook: there is no session to finish yet. Run a step first.');
      return undefined;
    }
    const summary = overallStatus(this.parsed.steps.map((step) => {
      const r = this.records.get(step.id);
      return { kind: step.kind, status: step.kind === 'check' && r?.checked ? 'passed' : r?.status };
    }));
    await this.session.finish(summary.status, this.text, this.resolved(this.variables));
    this.executor = undefined;
    this.postSession();
    this.changed.fire();
    return summary;
  }

  async newSession(): Promise<void> {
    if (this.active) return void vscode.window.showInformationMessage('Runbook: wait for the run to finish before starting a new session.');
    await this.session.detach();
    this.executor = undefined;
    this.replaceRecords(new Map());
  }

  async openSession(sessionId: string): Promise<void> {
    if (this.active) return void vscode.window.showInformationMessage('Runbook: wait for the run to finish before opening another session.');
    const records = await this.session.open(sessionId, this.parsed);
    this.executor = undefined;
    this.replaceRecords(records);
  }

  /** Messages that bring a freshly (re)loaded webview up to date. */
  async snapshot(): Promise<ToWebviewMessage[]> {
    const messages: ToWebviewMessage[] = [
      { type: 'session', session: await this.session.view() },
      { type: 'steps', reset: true, steps: [...this.records].map(([id, r]) => toView(id, r, this.parsed)) },
      { type: 'run', run: { running: this.running, ...(this.active?.stepId ? { stepId: this.active.stepId } : {}) } },
    ];
    for (const [stepId, r] of this.records) if (r.outputTail) messages.push({ type: 'outputTail', stepId, text: r.outputTail, totalBytes: r.outputBytes });
    return messages;
  }

  dispose(): void {
    this.cancel();
    this.changed.dispose();
  }

  // ---- internals ----

  private mayWrite(what: string, startsNewSession = false): boolean {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`Runbook: cannot ${what}: this folder is in Restricted Mode. Trust the folder (Manage Workspace Trust) to run steps.`);
      return false;
    }
    if (this.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(`Runbook: cannot ${what}: save the runbook to a file first.`);
      return false;
    }
    if (this.session.readOnly && !(startsNewSession && this.session.startsNewOnRun)) {
      void vscode.window.showWarningMessage(`Runbook: cannot ${what}: this finished session is open read-only. Start a new session to run steps.`);
      return false;
    }
    return true;
  }

  private async refreshDocument(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    this.setText(document.getText());
  }

  private resolved(given: Readonly<Record<string, string>>): { values: Readonly<Record<string, string>>; secretNames: readonly string[] } {
    const r = resolveVariables(this.parsed, given);
    if (r.ok) return { values: r.values, secretNames: r.secretNames };
    return { values: {}, secretNames: this.parsed.variables.filter((v) => v.secret).map((v) => v.name) };
  }

  /**
   * Values for the run, asking for missing or invalid ones (the panel's form, else input boxes) and
   * waiting for the answer; undefined, with a message saying why, when the user cancels.
   * "Missing" is the core's rule (missingVariables): a variable the steps about to run read.
   */
  private async ensureVariables(scope: RunScope): Promise<Record<string, string> | undefined> {
    for (;;) {
      const declared = new Set(this.parsed.variables.map((v) => v.name));
      const given = Object.fromEntries(Object.entries(this.variables).filter(([k]) => declared.has(k)));
      const resolution = resolveVariables(this.parsed, given);
      const missing = missingVariables(this.parsed, stepsInScope(this.parsed, scope), given).map((m) => m.name);
      if (resolution.ok && missing.length === 0) return given;
      const names = [...new Set([...missing, ...(resolution.ok ? [] : resolution.errors.map((e) => e.name))])];
      const values = this.deps.hasPanel(this.key)
        ? await this.requests.open((requestId) => this.deps.post(this.key, { type: 'requestVariables', requestId, missing: names }))
        : await askWithInputBoxes(this.parsed.variables, names);
      if (!values) {
        this.deps.log.info(`${path.basename(this.uri.fsPath)}: run cancelled in the variables form; nothing ran (needed: ${names.join(', ')})`);
        void vscode.window.showInformationMessage(`Runbook: nothing ran: ${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no value. Enter ${names.length === 1 ? 'it' : 'them'} in the Variables form to run.`);
        return undefined;
      }
      for (const [k, v] of Object.entries(values)) if (declared.has(k)) this.variables[k] = v;
    }
  }

  private ensureExecutor(given: Record<string, string>, session: Session): Executor {
    const key = `${session.id}\n${sha256(this.text)}\n${JSON.stringify(given)}`;
    if (this.executor && this.executorKey === key) return this.executor;
    const previousAttempts = Object.fromEntries([...this.records].filter(([, r]) => r.attempt).map(([id, r]) => [id, r.attempt!]));
    this.executor = new Executor({
      runbook: this.parsed,
      baseDir: path.dirname(this.uri.fsPath),
      variables: given,
      outputPath: (id, attempt) => session.outputPath(id, attempt),
      host: vscodeExecutorHost({ isChecked: (id) => this.records.get(id)?.checked === true, log: (l) => this.deps.log.info(l) }),
      observers: [session, this.bridge],
      onObserverError: (e) => this.deps.log.error(`an observer failed: ${message(e)}`),
      tuning: { previousAttempts },
    });
    this.executorKey = key;
    return this.executor;
  }

  /** Executor events → records → webview and editor decorations. */
  private readonly bridge: ExecutionObserver = {
    onStepStart: (step: CodeStep, attempt: number) => {
      const record = this.record(step.id);
      Object.assign(record, { status: 'running', attempt, startedAt: new Date().toISOString(), ranHash: sha256(step.code), outputTail: '', outputBytes: 0 });
      delete record.exitCode;
      delete record.durationMs;
      delete record.reason;
      delete record.notice;
      if (this.active) this.active.stepId = step.id;
      this.deps.post(this.key, { type: 'clearOutput', stepId: step.id });
      this.postSteps([step.id]);
      this.postRun();
    },
    onOutput: (stepId: string, chunks: readonly OutputChunk[]) => {
      const record = this.record(stepId);
      for (const c of chunks) appendTail(record, c.text);
      this.deps.post(this.key, { type: 'output', batches: chunks.map((c) => ({ stepId, stream: c.stream, text: c.text })) });
    },
    onStepEnd: (step: Step, outcome: StepOutcome) => {
      const record = this.record(step.id);
      // A step the run never reached keeps the result it had.
      if (outcome.status === 'not-run' && record.status !== 'pending' && record.status !== 'running') return;
      Object.assign(record, { status: outcome.status, exitCode: outcome.exitCode, durationMs: outcome.durationMs, reason: outcome.reason ?? '', notice: outcome.notice ?? '' });
      if (outcome.output.path) record.outputPath = outcome.output.path;
      if (outcome.output.tail) {
        record.outputTail = outcome.output.tail.slice(-64 * 1024);
        record.outputBytes = outcome.output.bytes;
      }
      this.postSteps([step.id]);
    },
    onCheck: (step: CheckStep, decision: CheckDecision) => {
      this.record(step.id).checked = decision === 'passed';
      this.postSteps([step.id]);
    },
  };

  private record(stepId: string): StepRecord {
    let record = this.records.get(stepId);
    if (!record) this.records.set(stepId, (record = newRecord()));
    return record;
  }

  private replaceRecords(records: ReadonlyMap<string, StepRecord>): void {
    this.records.clear();
    for (const [id, r] of records) this.records.set(id, r);
    void this.snapshot().then((messages) => {
      for (const m of messages) this.deps.post(this.key, m);
    });
    this.changed.fire();
  }

  private postSteps(ids: readonly string[]): void {
    const steps: StepView[] = ids.map((id) => toView(id, this.record(id), this.parsed));
    this.deps.post(this.key, { type: 'steps', steps });
    this.changed.fire();
  }

  private postRun(): void {
    this.deps.post(this.key, { type: 'run', run: { running: this.running, ...(this.active?.stepId ? { stepId: this.active.stepId } : {}) } });
    this.changed.fire();
  }

  private postSession(): void {
    void this.session.view().then((session) => this.deps.post(this.key, { type: 'session', session }));
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
