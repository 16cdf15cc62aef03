// What is known about each step of one runbook in the current session: the state the webview,
// gutters, CodeLens, hover, status bar and the final status read. Plain data; the recorded run
// (./recordedRun.ts) keeps it, a restored session fills it (recordsFromState).
import type { CheckDecision, StepOutcome } from '../executor/types';
import type { CodeStep, Runbook } from '../format/model';
import type { SessionState } from '../session/api';
import { codeHash, isStale } from './codeHash';
import { hasEnded, isFailure, isFinished, type StepStatus } from './status';

/** Characters of output kept per step for the hover, copy and a re-opened panel. */
export const TAIL_CHARS = 64 * 1024;

export interface StepRecord {
  status: StepStatus;
  exitCode?: number | null;
  durationMs?: number;
  reason?: string;
  /** Information from the last attempt (a transcript's output differs from its sample). */
  notice?: string;
  attempt?: number;
  startedAt?: string;
  note?: string;
  checked?: boolean;
  /** `codeHash` of the code when the step last ran (what the stale rule compares). */
  codeSha256?: string;
  outputTail: string;
  outputBytes: number;
  /** The full output file of the last attempt, when known. */
  outputPath?: string;
}

/** What a card shows about a step; every field but `stepId` is optional (a partial update). */
export interface StepView {
  readonly stepId: string;
  readonly status?: StepStatus;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  /** One line for people ("exit code 2 is not in expect-exit (0)"). */
  readonly reason?: string;
  /** Information, never a failure: a transcript's real output differs from its sample output. */
  readonly notice?: string;
  readonly attempt?: number;
  /** ISO 8601; the webview shows a live timer while running. */
  readonly startedAt?: string;
  /** The code changed since the step last ran (decided here, never in the webview). */
  readonly stale?: boolean;
  readonly note?: string;
  /** Manual checks: ticked in the session (never written into the Markdown). */
  readonly checked?: boolean;
}

export function newRecord(): StepRecord {
  return { status: 'pending', outputTail: '', outputBytes: 0 };
}

export function appendTail(record: StepRecord, text: string): void {
  record.outputBytes += Buffer.byteLength(text);
  // A chunk as long as the tail replaces it: cut, never joined first (a flood's chunks are 256 KiB).
  record.outputTail = (text.length >= TAIL_CHARS ? text : record.outputTail + text).slice(-TAIL_CHARS);
}

/** A new attempt of `step` began: its earlier result and output are gone. */
export function recordStepStart(record: StepRecord, step: CodeStep, attempt: number, startedAt: string): void {
  delete record.exitCode;
  delete record.durationMs;
  delete record.reason;
  delete record.notice;
  Object.assign(record, { status: 'running', attempt, startedAt, codeSha256: codeHash(step.code), outputTail: '', outputBytes: 0 });
}

/**
 * A step ended (`output` when the outcome carries its summary; a run host's clients have the
 * output from its live notifications instead). False when nothing changed: a step the run never
 * reached keeps the result it had.
 */
export function recordStepEnd(record: StepRecord, outcome: Omit<StepOutcome, 'output'> & { readonly output?: StepOutcome['output'] }): boolean {
  if (outcome.status === 'not-run' && hasEnded(record.status)) return false;
  Object.assign(record, { status: outcome.status, exitCode: outcome.exitCode, durationMs: outcome.durationMs, reason: outcome.reason ?? '', notice: outcome.notice ?? '' });
  if (outcome.output?.path) record.outputPath = outcome.output.path;
  if (outcome.output?.tail) {
    record.outputTail = outcome.output.tail.slice(-TAIL_CHARS);
    record.outputBytes = outcome.output.bytes;
  }
  return true;
}

/** A manual check decided during a run: its status is the decision; only `passed` ticks it. */
export function recordCheckDecision(record: StepRecord, decision: CheckDecision): void {
  record.checked = decision === 'passed';
}

/** Skipped by a person (the notebook's Skip, `runbook` skip): no process ran. */
export function recordSkip(record: StepRecord, reason: string): void {
  Object.assign(record, { status: 'skipped', exitCode: null, reason, durationMs: 0 });
}

export function toView(stepId: string, record: StepRecord, runbook: Runbook): StepView {
  const step = runbook.steps.find((s) => s.id === stepId);
  return {
    stepId,
    status: record.status,
    exitCode: record.exitCode ?? null,
    ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
    reason: record.reason ?? '',
    notice: record.notice ?? '',
    ...(record.attempt !== undefined ? { attempt: record.attempt } : {}),
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
    stale: step?.kind === 'code' ? isStale(record, step.code) : false,
    ...(record.note !== undefined ? { note: record.note } : {}),
    ...(record.checked !== undefined ? { checked: record.checked } : {}),
  };
}

/** A replayed session's step states as records (output tails are read by the caller). */
export function recordsFromState(state: Pick<SessionState, 'steps'>, keep: (id: string, hasNote: boolean) => boolean = () => true): Map<string, StepRecord> {
  const records = new Map<string, StepRecord>();
  for (const [id, s] of Object.entries(state.steps)) {
    if (!keep(id, s.note !== undefined)) continue;
    records.set(id, {
      status: s.status,
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.notice !== undefined ? { notice: s.notice } : {}),
      attempt: s.attempts,
      ...(s.note !== undefined ? { note: s.note } : {}),
      ...(s.checked !== undefined ? { checked: s.checked } : {}),
      ...(s.codeSha256 !== undefined ? { codeSha256: s.codeSha256 } : {}),
      ...(s.outputPath !== undefined ? { outputPath: s.outputPath } : {}),
      outputTail: '',
      outputBytes: 0,
    });
  }
  return records;
}

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export function progressOf(runbook: Runbook, records: ReadonlyMap<string, StepRecord>): RunProgress {
  const code = runbook.steps.filter((s) => s.kind === 'code');
  const statuses = code.map((s) => records.get(s.id)?.status ?? 'pending');
  return { done: statuses.filter(isFinished).length, total: code.length, failed: statuses.filter(isFailure).length };
}
