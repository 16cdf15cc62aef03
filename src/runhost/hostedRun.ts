// A recorded run whose Executor and Session live in a run host (./host.ts): the same surface as
// the in-process one (core/run/recordedRun.ts), so a client — the extension's RunController —
// does not care where the steps run. The step records follow the host's notifications with the
// core's record rules; commands (run, cancel, skip, note, tick, answer, finish) are requests.
// Closing the connection (a window reload, a crashed extension host) leaves the run going.
import type { CheckDecision, RunSummary } from '../core/executor/types';
import type { Runbook } from '../core/format/model';
import { appendTail, finalStatusOf, hasEnded, isCheckDecision, newRecord, recordCheckDecision, recordSkip, recordStepEnd, recordStepStart, type FinishSummary, type RecordedRun, type RecordedRunEvent, type RunRequest, type StepRecord } from '../core/run';
import { connectRunHost, type HostConnection } from './client';
import { startRunHost } from './launch';
import * as P from './protocol';
import { errorMessage } from '../core/text/errorMessage';

export interface HostedRunOptions {
  readonly runbook: Runbook;
  /** What is known per step (restored from the session); the run host's events update it. */
  readonly records: Map<string, StepRecord>;
  /** Puts a question the run waits on to a person; undefined leaves it waiting (another client may answer). */
  readonly ask: (prompt: P.WaitingPrompt) => Promise<P.Answer | undefined>;
  /** For the host's log ("vscode"). */
  readonly client: string;
  readonly log: (line: string) => void;
}

/** Starts a run host for the session (a new one, or `config.resumeDir`) and attaches to it. */
export async function startHostedRun(config: P.HostConfig, options: HostedRunOptions): Promise<HostedRun> {
  const started = await startRunHost(config);
  return attachHostedRun(started.sessionDir, options);
}

/** Attaches to the live run host of a session directory. */
export async function attachHostedRun(sessionDir: string, options: HostedRunOptions): Promise<HostedRun> {
  const connection = await connectRunHost(sessionDir);
  const run = new HostedRun(connection, options);
  try {
    await run.attach();
  } catch (error) {
    connection.close();
    throw error;
  }
  return run;
}

export class HostedRun implements RecordedRun {
  readonly records: Map<string, StepRecord>;
  private readonly listeners = new Set<(event: RecordedRunEvent) => void>();
  private active: { stepId?: string } | undefined;
  /** Resolves the run in progress (ours or one we attached to) with its summary. */
  private ended: { promise: Promise<RunSummary>; resolve: (summary: RunSummary) => void } | undefined;
  private asking = 0;
  private lost = false;
  sessionId = '';
  sessionDir = '';
  hostPid = 0;

  constructor(private readonly connection: HostConnection, private readonly options: HostedRunOptions) {
    this.records = options.records;
    const rpc = connection.rpc;
    rpc.onNotification(P.StepStartedNotification, (p) => this.stepStarted(p.stepId, p.attempt, p.startedAt));
    rpc.onNotification(P.OutputNotification, (p) => {
      const record = this.record(p.stepId);
      for (const c of p.chunks) appendTail(record, c.text);
      this.emit({ type: 'output', stepId: p.stepId, chunks: p.chunks });
    });
    rpc.onNotification(P.StepEndedNotification, (p) => this.stepEnded(p));
    rpc.onNotification(P.WaitingNotification, (p) => this.waiting(p));
    rpc.onNotification(P.ErrorNotification, (p) => options.log(`run host: ${p.message}`));
    rpc.onNotification(P.RunEndedNotification, (p) => {
      if (p.error) options.log(`run host: the run's end could not be recorded: ${p.error}`);
      this.runEnded(p.summary);
    });
    void connection.closed.then(() => {
      this.lost = true;
      // The host went away mid-run (killed): the caller finds out what was recorded (recover.ts).
      this.runEnded({ status: 'failed', steps: [], durationMs: 0 });
    });
  }

  /** Resolves when the connection closes (the host exited or was killed, or this client closed it). */
  get closed(): Promise<void> {
    return this.connection.closed;
  }

  /** False once the host closed the connection (it exited or was killed). */
  get connected(): boolean {
    return !this.lost;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  get runningStepId(): string | undefined {
    return this.active?.stepId;
  }

  /** Attaches as a client that can answer, and takes over the run as it is now. */
  async attach(): Promise<P.Snapshot> {
    const snapshot = await this.connection.rpc.sendRequest(P.AttachRequest, { canAnswer: true, client: this.options.client });
    this.sessionId = snapshot.sessionId;
    this.sessionDir = snapshot.sessionDir;
    this.hostPid = snapshot.hostPid;
    for (const view of snapshot.steps) {
      if (!hasEnded(view.status)) continue;
      const record = this.record(view.id);
      // The session file the caller restored from may lag the host by a step: the host wins.
      if (record.status !== view.status || record.attempt !== view.attempt) {
        recordStepEnd(record, { stepId: view.id, status: view.status, exitCode: view.exitCode ?? null, durationMs: view.durationMs ?? 0, startedAt: '', endedAt: '', ...(view.reason ? { reason: view.reason } : {}) });
        record.attempt = view.attempt;
      }
    }
    if (snapshot.running) {
      this.active = {};
      this.ended = deferred();
      const current = snapshot.current;
      if (current) {
        this.stepStarted(current.stepId, current.attempt, current.startedAt);
        const record = this.record(current.stepId);
        for (const c of current.output) appendTail(record, c.text);
        this.emit({ type: 'output', stepId: current.stepId, chunks: current.output });
      } else this.emit({ type: 'run', running: true });
    }
    if (snapshot.waiting) this.waiting(snapshot.waiting);
    return snapshot;
  }

  onEvent(listener: (event: RecordedRunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async run(request: RunRequest): Promise<RunSummary> {
    if (this.active) throw new Error('a run is already in progress');
    if (this.lost) throw new Error('the run host has exited');
    this.active = {};
    const ended = (this.ended = deferred());
    this.emit({ type: 'run', running: true });
    try {
      await this.connection.rpc.sendRequest(P.RunRequest, request.kind === 'all' ? { mode: 'all' } : { mode: request.kind, stepId: request.stepId });
    } catch (error) {
      this.runEnded({ status: 'failed', steps: [], durationMs: 0 });
      throw error;
    }
    return ended.promise;
  }

  /** Resolves when the run this client attached to (or started) ends. */
  whenEnded(): Promise<RunSummary> | undefined {
    return this.ended?.promise;
  }

  cancel(stepId?: string): void {
    if (stepId !== undefined && this.active?.stepId !== stepId) return;
    void this.connection.rpc.sendRequest(P.CancelRequest).catch((e: unknown) => this.options.log(`cancel: ${errorMessage(e)}`));
  }

  async skip(stepId: string, reason: string): Promise<void> {
    await this.connection.rpc.sendRequest(P.SkipRequest, { stepId, reason });
    recordSkip(this.record(stepId), reason);
    this.emit({ type: 'step', stepId, record: this.record(stepId) });
  }

  async note(stepId: string, text: string): Promise<void> {
    await this.connection.rpc.sendRequest(P.NoteRequest, { stepId, text });
    this.record(stepId).note = text;
    this.emit({ type: 'note', stepId, text });
  }

  async tick(stepId: string, checked: boolean): Promise<void> {
    await this.connection.rpc.sendRequest(P.TickRequest, { stepId, checked });
    this.record(stepId).checked = checked;
    this.emit({ type: 'step', stepId, record: this.record(stepId) });
  }

  answer(id: number, value: boolean | CheckDecision): void {
    const answer: P.Answer = typeof value === 'boolean' ? { kind: 'confirm', yes: value } : { kind: 'check', decision: value };
    void this.connection.rpc.sendRequest(P.AnswerRequest, { promptId: id, answer }).catch((e: unknown) => this.options.log(`answer: ${errorMessage(e)}`));
  }

  status(): FinishSummary {
    return finalStatusOf(this.options.runbook.steps, (id) => this.records.get(id));
  }

  /** Ends the session with `status()`; the host exits afterwards. */
  async finish(): Promise<FinishSummary> {
    const summary = this.status();
    await this.connection.rpc.sendRequest(P.FinishRequest, { status: summary.status });
    this.emit({ type: 'finished', summary });
    this.close();
    return summary;
  }

  /** The host closes the session (still resumable) and exits; resolves once its lock is free. */
  async release(): Promise<void> {
    if (!this.lost) await this.connection.rpc.sendRequest(P.ReleaseRequest).catch((e: unknown) => this.options.log(`release: ${errorMessage(e)}`));
    this.close();
  }

  /** Detaches; a live run goes on in its host. */
  close(): void {
    this.lost = true;
    this.connection.close();
  }

  // ---- notifications → records → events ----

  private stepStarted(stepId: string, attempt: number, startedAt: string): void {
    // Only code steps start (the executor's onStepStart): a check has no process.
    const step = this.options.runbook.steps.find((s) => s.id === stepId);
    if (step?.kind !== 'code') return;
    const record = this.record(stepId);
    recordStepStart(record, step, attempt, startedAt);
    this.active ??= {};
    this.active.stepId = stepId;
    this.emit({ type: 'step', stepId, record, started: true });
    this.emit({ type: 'run', running: true, stepId });
  }

  private stepEnded(p: P.StepEndedParams): void {
    const record = this.record(p.stepId);
    if (!recordStepEnd(record, p)) return;
    // A manual check's decision (the executor's onCheck) ends it with that status.
    const step = this.options.runbook.steps.find((s) => s.id === p.stepId);
    if (step?.kind === 'check' && isCheckDecision(p.status)) recordCheckDecision(record, p.status);
    if (this.active?.stepId === p.stepId) delete this.active.stepId;
    this.emit({ type: 'step', stepId: p.stepId, record });
  }

  private waiting(prompt: P.WaitingPrompt): void {
    if (this.asking === prompt.id) return;
    this.asking = prompt.id;
    void this.options.ask(prompt).then((answer) => {
      if (answer && !this.lost) return this.connection.rpc.sendRequest(P.AnswerRequest, { promptId: prompt.id, answer });
      return undefined;
    }).catch((e: unknown) => this.options.log(`answer: ${errorMessage(e)}`));
  }

  private runEnded(summary: RunSummary): void {
    const ended = this.ended;
    const wasActive = this.active !== undefined;
    this.active = undefined;
    this.ended = undefined;
    ended?.resolve(summary);
    if (wasActive) this.emit({ type: 'run', running: false });
  }

  private record(stepId: string): StepRecord {
    let record = this.records.get(stepId);
    if (!record) this.records.set(stepId, (record = newRecord()));
    return record;
  }

  private emit(event: RecordedRunEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function deferred(): { promise: Promise<RunSummary>; resolve: (summary: RunSummary) => void } {
  let resolve!: (summary: RunSummary) => void;
  const promise = new Promise<RunSummary>((r) => (resolve = r));
  return { promise, resolve };
}
