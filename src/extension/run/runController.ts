// Runs one runbook in VS Code: the core's recorded run (Executor + Session + step records + final
// status, src/core/run/recordedRun.ts) in a run host (./runHostSeat.ts) or, for interactive steps,
// in this process with the VS Code host; its events bridged to the webview, gutters, CodeLens,
// hover and status bar; variables, notes, checks and skips.
// Nothing here runs unless the workspace is trusted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/executor/expectations';
import { parseRunbook } from '../../core/format/parse';
import type { RunbookDocument } from '../runbookDocument';
import type { Runbook } from '../../core/format/model';
import { newRecord, progressOf, startRecordedRun, toView, type FinishSummary, type RecordedRun, type RecordedRunEvent, type RunProgress, type RunRequest, type StepRecord } from '../../core/run';
import type { Session } from '../../core/session';
import { sha256 } from '../../core/session/chain';
import type { StepView, ToWebviewMessage } from '../../webview/protocol';
import type { MessageHandlers, RunMessage } from '../panel/messageDispatch';
import { exportEvidence, finishSession } from './evidence';
import { SessionLink } from './sessionLink';
import { RunVariables } from './runVariables';
import { vscodeExecutorHost } from './vscodeHost';
import { HostedRun } from '../../runhost/hostedRun';
import { runsInHost } from './runHostLink';
import { RunHostSeat, type SeatOwner } from './runHostSeat';
import { errorMessage } from '../../core/text/errorMessage';

export interface ControllerDeps {
  /** Posts to the runbook's panel (coalesced); false when no panel is open. */
  post(uri: string, message: ToWebviewMessage): boolean;
  hasPanel(uri: string): boolean;
  /** The runbook parsed once per change (shared with the panel and the editor features). */
  document(uri: vscode.Uri): Promise<RunbookDocument>;
  readonly memento: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  readonly toolVersion: string;
}

export type RunKind = RunRequest;

export class RunController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever a step's state, the session or the run state changes. */
  readonly onDidChange = this.changed.event;
  readonly records = new Map<string, StepRecord>();
  private text = '';
  private parsed: Runbook = parseRunbook('');
  /** The session's recorded run: in a run host (HostedRun) or, for interactive steps, in this process. */
  private recorded: RecordedRun | undefined;
  private recordedKey = '';
  /** An idle run host being released (its session lock is free once this resolves). */
  private releasing: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => undefined;
  private readonly variables: RunVariables;
  /** From the click to the end (variables asked, document checked, steps run). */
  private active = false;
  readonly session: SessionLink;
  /** Where runs go unless they need this window's terminal. */
  private readonly seat: RunHostSeat;

  /** What each webview run message does (the run service finds the runbook's controller). */
  static readonly handlers: MessageHandlers<RunMessage, RunController> = {
    rendered: (_m, c) => c.sendSnapshotIfReloaded(),
    runStep: (m, c) => void c.run({ kind: 'step', stepId: m.stepId }),
    runFrom: (m, c) => void c.run({ kind: 'from', stepId: m.stepId }),
    runAll: (_m, c) => void c.run({ kind: 'all' }),
    cancel: (m, c) => c.cancel(m.stepId),
    skipStep: (m, c) => c.skip(m.stepId),
    setNote: (m, c) => c.setNote(m.stepId, m.text),
    setCheck: (m, c) => c.setCheck(m.stepId, m.checked),
    submitVariables: (m, c) => c.submitVariables(m.values, m.requestId),
    cancelVariables: (m, c) => c.cancelVariables(m.requestId),
    newSession: (_m, c) => c.newSession(),
    openSession: (m, c) => c.openSession(m.sessionId),
    exportEvidence: async (_m, c) => void (await exportEvidence(c, c.deps.toolVersion)),
    finishSession: async (_m, c) => void (await finishSession(c)),
    copyOutput: (m, c) => c.copyOutput(m.stepId),
  };

  /** The webview (re)loaded: its first render gets the session's state. */
  private reloaded = false;

  constructor(readonly uri: vscode.Uri, private readonly deps: ControllerDeps) {
    this.session = new SessionLink(uri, deps.memento, deps.toolVersion);
    this.seat = new RunHostSeat(this.seatOwner());
    this.variables = new RunVariables({ uri, runbook: () => this.parsed, post: (m) => deps.post(this.key, m), hasPanel: () => deps.hasPanel(this.key), log: deps.log });
  }

  get key(): string {
    return this.uri.toString();
  }

  get runbook(): Runbook {
    return this.parsed;
  }

  /** A run started here, or a run host's run this window attached to, is going on. */
  get running(): boolean {
    return this.active || this.recorded?.running === true;
  }

  get runningStepId(): string | undefined {
    return this.recorded?.runningStepId;
  }

  progress(): RunProgress {
    return progressOf(this.parsed, this.records);
  }

  /** Loads the document and the session this runbook last used (after a reload too). */
  async initialize(): Promise<void> {
    await this.refreshDocument();
    // A run host killed with its run is cleaned up (step recorded interrupted) before the session is read.
    let dir = this.session.rememberedDir();
    let host = await this.seat.inspect(dir);
    if (host?.kind !== 'live') {
      const found = await this.seat.findLive();
      if (found) {
        ({ dir, host } = found);
        await this.session.remember(found.dir);
      }
    }
    const restored = await this.session.restore(this.parsed).catch((e: unknown) => {
      this.deps.log.warn(`could not restore the last session of ${this.uri.fsPath}: ${errorMessage(e)}`);
      return undefined;
    });
    if (restored) this.replaceRecords(restored);
    // The run outlived the window that started it: attach and show it live.
    await this.seat.reattach(dir, host);
    this.changed.fire();
  }

  /** The document changed (parsed once, by RunbookDocuments): stale markers follow from the code hashes. */
  setDocument(document: RunbookDocument): void {
    if (document.text === this.text) return;
    this.text = document.text;
    this.parsed = document.runbook;
    // Stale markers follow the code: tell the webview about every step that has a result.
    const ran = [...this.records.keys()].filter((id) => this.parsed.steps.some((s) => s.id === id && s.kind === 'code'));
    if (ran.length > 0) this.postSteps(ran);
    else this.changed.fire();
  }

  async run(request: RunKind): Promise<void> {
    if (!this.mayWrite(request.kind === 'all' ? 'run the steps' : `run step "${request.stepId}"`, true)) return;
    if (this.running) {
      void vscode.window.showInformationMessage('Runbook: a run is already in progress; cancel it first or wait for it to finish.');
      return;
    }
    // The session was finished in this window: a new run records into a new session.
    if (this.session.startsNewOnRun) await this.newSession();
    this.active = true;
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
      const given = await this.variables.ensure(request);
      if (!given) return;
      const runner = await this.runner(request, given);
      this.postSession();
      if (runner.running) {
        void vscode.window.showInformationMessage('Runbook: a run of this session is already in progress (started in another window or terminal); it is shown here live.');
        return;
      }
      const summary = await runner.run(request);
      this.deps.log.info(`${path.basename(this.uri.fsPath)}: ${request.kind === 'all' ? 'run all' : `${request.kind} ${request.stepId}`} → ${summary.status} in ${summary.durationMs} ms`);
    } catch (error) {
      this.deps.log.error(`run of ${this.uri.fsPath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Runbook: the run could not start: ${errorMessage(error)}`);
    } finally {
      this.active = false;
      this.postRun();
      this.changed.fire();
    }
  }

  /** Cancels the run; with `stepId`, only while that step is the one running. */
  cancel(stepId?: string): void {
    if (stepId !== undefined && this.runningStepId !== stepId) return;
    this.variables.cancelAll();
    this.recorded?.cancel(stepId);
  }

  async skip(stepId: string): Promise<void> {
    if (!this.mayWrite(`skip step "${stepId}"`) || this.running) return;
    await (await this.writer()).skip(stepId, 'skipped in the notebook');
  }

  async setNote(stepId: string, text: string): Promise<void> {
    if (!this.mayWrite('save the note')) return;
    await (await this.writer()).note(stepId, text);
  }

  async setCheck(stepId: string, checked: boolean): Promise<void> {
    if (!this.mayWrite('record the check')) return;
    await (await this.writer()).tick(stepId, checked);
  }

  submitVariables(values: Readonly<Record<string, string>>, requestId: number | undefined): void {
    this.dropRecordedRun(); // new values: the next run builds a new executor
    this.variables.submit(values, requestId);
  }

  cancelVariables(requestId: number): void {
    this.variables.cancel(requestId);
  }

  /**
   * Finish Session: ends the session with the status its steps add up to (the one rule,
   * src/core/run/finalStatus.ts). The panel then shows it finished and read-only; the next run
   * starts a new session.
   */
  async finish(): Promise<FinishSummary | undefined> {
    if (!this.mayWrite('finish the session')) return undefined;
    if (this.running) {
      void vscode.window.showInformationMessage('Runbook: wait for the run to finish (or cancel it) before finishing the session.');
      return undefined;
    }
    if (!this.session.dir) {
      void vscode.window.showWarningMessage('Runbook: there is no session to finish yet. Run a step first.');
      return undefined;
    }
    const summary = await (await this.writer()).finish();
    this.session.markFinished(summary.status);
    this.dropRecordedRun();
    this.postSession();
    this.changed.fire();
    return summary;
  }

  async newSession(): Promise<void> {
    if (this.running) return void vscode.window.showInformationMessage('Runbook: wait for the run to finish before starting a new session.');
    await this.session.detach();
    this.dropRecordedRun();
    this.replaceRecords(new Map());
  }

  async openSession(sessionId: string): Promise<void> {
    if (this.running) return void vscode.window.showInformationMessage('Runbook: wait for the run to finish before opening another session.');
    const records = await this.session.open(sessionId, this.parsed);
    this.dropRecordedRun();
    this.replaceRecords(records);
  }

  webviewReloaded(): void {
    this.reloaded = true;
  }

  private async sendSnapshotIfReloaded(): Promise<void> {
    if (!this.reloaded) return;
    this.reloaded = false;
    for (const m of await this.snapshot()) this.deps.post(this.key, m);
  }

  private async copyOutput(stepId: string): Promise<void> {
    const record = this.records.get(stepId);
    await vscode.env.clipboard.writeText(stripAnsi(record?.outputTail ?? ''));
    const partial = record && record.outputBytes > Buffer.byteLength(record.outputTail);
    void vscode.window.setStatusBarMessage(partial ? 'Runbook: copied the last 64 KB of the output (the session file has all of it)' : 'Runbook: output copied', 3000);
  }

  /** Messages that bring a freshly (re)loaded webview up to date. */
  async snapshot(): Promise<ToWebviewMessage[]> {
    const messages: ToWebviewMessage[] = [
      { type: 'session', session: await this.session.view() },
      { type: 'steps', reset: true, steps: [...this.records].map(([id, r]) => toView(id, r, this.parsed)) },
      { type: 'run', run: this.runView() },
    ];
    for (const [stepId, r] of this.records) if (r.outputTail) messages.push({ type: 'outputTail', stepId, text: r.outputTail, totalBytes: r.outputBytes });
    return messages;
  }

  dispose(): void {
    // A run in a run host goes on without this window (reload, shutdown): only detach from it.
    if (this.recorded instanceof HostedRun) {
      this.variables.cancelAll();
      this.recorded.close();
    } else this.cancel();
    this.unsubscribe();
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
    this.setDocument(await this.deps.document(this.uri));
  }

  /**
   * The recorded run for notes, checks, skips and Finish: the attached run host (the single writer
   * while it lives), else this window's own (the session resumed or opened if needed).
   */
  private async writer(): Promise<RecordedRun> {
    if (this.recorded instanceof HostedRun && this.recorded.connected) return this.recorded;
    await this.releasing;
    const given = this.variables.given();
    return this.recordedRun(given, await this.session.ensureWritable(this.parsed, this.text, this.variables.resolved(given)));
  }

  /** Where a run goes: a run host, or this process for interactive steps (they need the window's terminal). */
  private async runner(scope: RunKind, given: Record<string, string>): Promise<RecordedRun> {
    if (runsInHost(this.parsed, scope)) return this.seat.forRun(given);
    if (this.recorded instanceof HostedRun) this.dropRecordedRun();
    await this.releasing;
    return this.recordedRun(given, await this.session.ensureWritable(this.parsed, this.text, this.variables.resolved(given)));
  }

  private runKey(given: Record<string, string>, sessionDir: string | undefined): string {
    return `${sessionDir ?? ''}\n${sha256(this.text)}\n${JSON.stringify(given)}`;
  }

  /** The seat at the run host: what it needs of this controller. */
  private seatOwner(): SeatOwner {
    return {
      uri: this.uri,
      session: this.session,
      records: this.records,
      runbook: () => this.parsed,
      text: () => this.text,
      log: this.deps.log,
      toolVersion: this.deps.toolVersion,
      current: () => ({ run: this.recorded, key: this.recordedKey }),
      use: (run, key) => this.useRecordedRun(run, key),
      forget: (run) => {
        if (this.recorded !== run) return;
        this.unsubscribe();
        this.unsubscribe = () => undefined;
        this.recorded = undefined;
      },
      drop: () => this.dropRecordedRun(),
      released: () => this.releasing,
      runKey: (given, dir) => this.runKey(given, dir),
      replaceRecords: (records) => this.replaceRecords(records),
      postRun: () => this.postRun(),
    };
  }

  /** A recorded run from elsewhere (a run host) becomes the one in use. */
  private useRecordedRun(run: RecordedRun, key: string): void {
    this.unsubscribe();
    this.recorded = run;
    this.recordedKey = key;
    this.unsubscribe = run.onEvent((event) => this.bridge(event));
    // The host's snapshot may have changed records before we listened: bring the webview up to date.
    void this.snapshot().then((messages) => messages.forEach((m) => this.deps.post(this.key, m)));
    this.changed.fire();
  }

  /** One recorded run per session, runbook text and variables: the executor keeps shell state between runs. */
  private recordedRun(given: Record<string, string>, session: Session): RecordedRun {
    const key = this.runKey(given, session.dir);
    if (this.recorded && this.recordedKey === key) return this.recorded;
    this.dropRecordedRun();
    const recorded = startRecordedRun({
      runbook: this.parsed,
      baseDir: path.dirname(this.uri.fsPath),
      variables: given,
      session,
      host: vscodeExecutorHost({ log: (l) => this.deps.log.info(l) }),
      records: this.records,
      onObserverError: (e) => this.deps.log.error(`an observer failed: ${errorMessage(e)}`),
    });
    this.unsubscribe = recorded.onEvent((event) => this.bridge(event));
    this.recorded = recorded;
    this.recordedKey = key;
    return recorded;
  }

  private dropRecordedRun(): void {
    const recorded = this.recorded;
    if (recorded?.running) return; // the next run after this one builds a new one
    this.unsubscribe();
    this.unsubscribe = () => undefined;
    this.recorded = undefined;
    if (recorded instanceof HostedRun) this.releasing = this.releasing.then(() => recorded.release());
  }

  /** Recorded-run events → webview and editor decorations. */
  private bridge(event: RecordedRunEvent): void {
    switch (event.type) {
      case 'step':
        if (event.started) this.deps.post(this.key, { type: 'clearOutput', stepId: event.stepId });
        return this.postSteps([event.stepId]);
      case 'output':
        return void this.deps.post(this.key, { type: 'output', batches: event.chunks.map((c) => ({ stepId: event.stepId, stream: c.stream, text: c.text })) });
      case 'run':
        return this.postRun();
      case 'note':
        this.deps.post(this.key, { type: 'noteSaved', stepId: event.stepId, text: event.text });
        return this.changed.fire();
      case 'ask':
      case 'finished':
        return; // questions go to the VS Code host; Finish is reported by finish()
    }
  }

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

  private runView(): { running: boolean; stepId?: string } {
    const stepId = this.runningStepId;
    return { running: this.running, ...(stepId ? { stepId } : {}) };
  }

  private postRun(): void {
    this.deps.post(this.key, { type: 'run', run: this.runView() });
    this.changed.fire();
  }

  private postSession(): void {
    void this.session.view().then((session) => this.deps.post(this.key, { type: 'session', session }));
  }
}
