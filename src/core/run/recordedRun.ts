// One recorded run: the Executor with the Session as its recorder, the step records every surface
// reads, and the final status, wired once for the CLI and the extension (and, later, a run host
// in its own process). Plain inputs; an event stream out; commands in (run, cancel, skip, note,
// tick, answer, finish). Questions (confirm gates, manual checks) go to `host` when one is given,
// else out as `ask` events answered with `answer()`.
import { Executor } from '../executor/executor';
import type { CheckDecision, ExecutionObserver, ExecutorHost, ExecutorTuning, OutputChunk, RunSummary, StepOutcome } from '../executor/types';
import type { CheckStep, CodeStep, Runbook, Step } from '../format/model';
import type { Session } from '../session/api';
import { finalStatusOf, type FinishSummary } from './finalStatus';
import { appendTail, newRecord, recordCheckDecision, recordSkip, recordStepEnd, recordStepStart, type StepRecord } from './stepRecords';

export type RunRequest = { readonly kind: 'step' | 'from'; readonly stepId: string } | { readonly kind: 'all' };

export type RecordedRunEvent =
  /** A step's record changed (`started`: a new attempt began, its earlier output is gone). */
  | { readonly type: 'step'; readonly stepId: string; readonly record: Readonly<StepRecord>; readonly started?: boolean }
  | { readonly type: 'output'; readonly stepId: string; readonly chunks: readonly OutputChunk[] }
  | { readonly type: 'run'; readonly running: boolean; readonly stepId?: string }
  | { readonly type: 'note'; readonly stepId: string; readonly text: string }
  | { readonly type: 'ask'; readonly id: number; readonly kind: 'confirm'; readonly stepId: string; readonly message: string }
  | { readonly type: 'ask'; readonly id: number; readonly kind: 'check'; readonly stepId: string; readonly message: string }
  | { readonly type: 'finished'; readonly summary: FinishSummary };

export interface RecordedRunOptions {
  readonly runbook: Runbook;
  /** Directory the runbook lives in (relative `cwd` values resolve against it). */
  readonly baseDir: string;
  /** Variable values as given; defaults fill the rest (the executor refuses missing ones at the first run). */
  readonly variables: Readonly<Record<string, string>>;
  readonly session: Session;
  /** Asks confirm gates and manual checks; without one they go out as `ask` events. */
  readonly host?: ExecutorHost;
  /** What is already known per step (a resumed or restored session); the run updates this map. */
  readonly records?: Map<string, StepRecord>;
  /** More observers (the CLI's printer), after the session. */
  readonly observers?: readonly ExecutionObserver[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly onObserverError?: (error: unknown) => void;
  /** Executor tuning (kill grace…); resumed attempt numbers come from `records`. */
  readonly tuning?: Omit<ExecutorTuning, 'previousAttempts'>;
}

export interface RecordedRun {
  readonly records: ReadonlyMap<string, StepRecord>;
  readonly running: boolean;
  readonly runningStepId: string | undefined;
  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(listener: (event: RecordedRunEvent) => void): () => void;
  run(request: RunRequest): Promise<RunSummary>;
  /** Cancels the run (`stepId`: only when that step is the one running). */
  cancel(stepId?: string): void;
  skip(stepId: string, reason: string): Promise<void>;
  /** `author`: who wrote it when not this process's user (a run host's client). */
  note(stepId: string, text: string, author?: string): Promise<void>;
  tick(stepId: string, checked: boolean, author?: string): Promise<void>;
  /** Answers an `ask` event (true/false for a confirm gate, a decision for a check). */
  answer(id: number, value: boolean | CheckDecision): void;
  /** The status the steps add up to now (the one final-status rule). */
  status(): FinishSummary;
  /** Ends the session with `status()`; nothing more may be recorded. */
  finish(): Promise<FinishSummary>;
}

/** A recorded run whose executor is in this process (the run host's, the CLI's --no-host). */
export interface LocalRecordedRun extends RecordedRun {
  /** Readies the next run ahead of it (its scratch directory, its live shell): Executor.prepare. */
  prepare(): void;
  /** Ends what prepare() readied when no run follows. */
  dispose(): Promise<void>;
}

export function startRecordedRun(options: RecordedRunOptions): LocalRecordedRun {
  return new Recorded(options);
}

class Recorded implements LocalRecordedRun {
  readonly records: Map<string, StepRecord>;
  private readonly listeners = new Set<(event: RecordedRunEvent) => void>();
  private readonly questions = new Map<number, (value: boolean | CheckDecision) => void>();
  private nextQuestion = 1;
  private executor: Executor | undefined;
  private active: { stepId?: string } | undefined;

  constructor(private readonly options: RecordedRunOptions) {
    this.records = options.records ?? new Map();
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  get runningStepId(): string | undefined {
    return this.active?.stepId;
  }

  onEvent(listener: (event: RecordedRunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async run(request: RunRequest): Promise<RunSummary> {
    if (this.active) throw new Error('a run is already in progress');
    const executor = (this.executor ??= this.makeExecutor());
    this.active = {};
    this.emit({ type: 'run', running: true });
    try {
      return request.kind === 'all' ? await executor.runAll() : request.kind === 'from' ? await executor.runFrom(request.stepId) : await executor.runStep(request.stepId);
    } finally {
      this.active = undefined;
      for (const answer of this.questions.values()) answer(false);
      this.questions.clear();
      this.emit({ type: 'run', running: false });
    }
  }

  prepare(): void {
    (this.executor ??= this.makeExecutor()).prepare();
  }

  async dispose(): Promise<void> {
    await this.executor?.dispose();
  }

  cancel(stepId?: string): void {
    if (stepId !== undefined && this.active?.stepId !== stepId) return;
    this.executor?.cancel();
  }

  async skip(stepId: string, reason: string): Promise<void> {
    if (this.records.get(stepId)?.status === 'skipped') return; // skipped already: one record of it
    await this.options.session.skipStep(stepId, reason);
    recordSkip(this.record(stepId), reason);
    this.emit({ type: 'step', stepId, record: this.record(stepId) });
  }

  async note(stepId: string, text: string, author?: string): Promise<void> {
    await this.options.session.addNote(stepId, text, author);
    this.record(stepId).note = text;
    this.emit({ type: 'note', stepId, text });
  }

  async tick(stepId: string, checked: boolean, author?: string): Promise<void> {
    if ((this.records.get(stepId)?.checked === true) === checked) return; // no change: no second tick
    await this.options.session.setCheck(stepId, checked, author);
    this.update(stepId, { checked });
  }

  answer(id: number, value: boolean | CheckDecision): void {
    this.questions.get(id)?.(value);
    this.questions.delete(id);
  }

  status(): FinishSummary {
    return finalStatusOf(this.options.runbook.steps, (id) => this.records.get(id));
  }

  async finish(): Promise<FinishSummary> {
    const summary = this.status();
    await this.options.session.end(summary.status);
    this.emit({ type: 'finished', summary });
    return summary;
  }

  // ---- internals ----

  private makeExecutor(): Executor {
    const { runbook, baseDir, variables, session } = this.options;
    const previousAttempts = Object.fromEntries([...this.records].filter(([, r]) => r.attempt).map(([id, r]) => [id, r.attempt!]));
    return new Executor({
      runbook,
      baseDir,
      variables,
      outputPath: (id, attempt) => session.outputPath(id, attempt),
      host: this.options.host ?? this.askingHost(),
      recorder: session,
      observers: [this.observer, ...(this.options.observers ?? [])],
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.onObserverError ? { onObserverError: this.options.onObserverError } : {}),
      tuning: { ...this.options.tuning, previousAttempts },
      isTicked: (id) => this.records.get(id)?.checked === true,
    });
  }

  /** Questions as events, answered by `answer()`; a run that ends leaves none open. */
  private askingHost(): ExecutorHost {
    const ask = <T extends boolean | CheckDecision>(kind: 'confirm' | 'check', step: Step, message: string) =>
      new Promise<T>((resolve) => {
        const id = this.nextQuestion++;
        this.questions.set(id, (v) => resolve(v as T));
        this.emit({ type: 'ask', id, kind, stepId: step.id, message } as RecordedRunEvent);
      });
    return {
      confirm: (step: CodeStep, message: string) => ask<boolean>('confirm', step, message),
      decideCheck: (step: CheckStep) => ask<CheckDecision>('check', step, step.text),
    };
  }

  /** Executor events → records → events. */
  private readonly observer: ExecutionObserver = {
    onStepStart: (step: CodeStep, attempt: number) => {
      const record = this.record(step.id);
      recordStepStart(record, step, attempt, new Date().toISOString());
      if (this.active) this.active.stepId = step.id;
      this.emit({ type: 'step', stepId: step.id, record, started: true });
      this.emit({ type: 'run', running: true, stepId: step.id });
    },
    onOutput: (stepId: string, chunks: readonly OutputChunk[]) => {
      const record = this.record(stepId);
      for (const c of chunks) appendTail(record, c.text);
      this.emit({ type: 'output', stepId, chunks });
    },
    onStepEnd: (step: Step, outcome: StepOutcome) => {
      const record = this.record(step.id);
      if (recordStepEnd(record, outcome)) this.emit({ type: 'step', stepId: step.id, record });
    },
    onCheck: (step: CheckStep, decision: CheckDecision) => {
      recordCheckDecision(this.record(step.id), decision);
      this.emit({ type: 'step', stepId: step.id, record: this.record(step.id) });
    },
  };

  private record(stepId: string): StepRecord {
    let record = this.records.get(stepId);
    if (!record) this.records.set(stepId, (record = newRecord()));
    return record;
  }

  private update(stepId: string, patch: Partial<StepRecord>): void {
    const record = Object.assign(this.record(stepId), patch);
    this.emit({ type: 'step', stepId, record });
  }

  private emit(event: RecordedRunEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
