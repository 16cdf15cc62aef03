// What the extension knows about each step of one runbook in the current session: the state the
// webview, gutters, CodeLens, hover and status bar show. Plain data, no vscode import.
import { createHash } from 'node:crypto';
import type { StepStatus } from '../../core/executor/types';
import type { Runbook } from '../../core/format/model';
import type { StepView } from '../../webview/protocol';

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
  /** SHA-256 of the code when the step last ran. */
  ranHash?: string;
  outputTail: string;
  outputBytes: number;
  /** The full output file of the last attempt, when known. */
  outputPath?: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function newRecord(): StepRecord {
  return { status: 'pending', outputTail: '', outputBytes: 0 };
}

export function appendTail(record: StepRecord, text: string): void {
  record.outputBytes += Buffer.byteLength(text);
  record.outputTail = (record.outputTail + text).slice(-TAIL_CHARS);
}

export function isStale(record: StepRecord | undefined, code: string): boolean {
  return record?.ranHash !== undefined && record.status !== 'running' && record.ranHash !== sha256(code);
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

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

const FINISHED: ReadonlySet<StepStatus> = new Set(['passed', 'failed', 'timed-out', 'cancelled', 'skipped', 'blocked', 'interrupted']);
const FAILED: ReadonlySet<StepStatus> = new Set(['failed', 'timed-out', 'blocked', 'interrupted']);

export function progressOf(runbook: Runbook, records: ReadonlyMap<string, StepRecord>): RunProgress {
  const code = runbook.steps.filter((s) => s.kind === 'code');
  const statuses = code.map((s) => records.get(s.id)?.status ?? 'pending');
  return { done: statuses.filter((s) => FINISHED.has(s)).length, total: code.length, failed: statuses.filter((s) => FAILED.has(s)).length };
}
