// The session event log's line format: one JSON object per line, checked on read (jsonGuard.ts).
// Every line carries `seq` (0-based line number), `time` (ISO 8601 UTC), `type`, `prev` (the
// previous line's hash; 64 zeros on the first line) and, last, its own `hash`: the SHA-256 of the
// line's bytes before `,"hash":…` was appended. `prev` + `hash` make the log a hash chain.
import type { StepOutcome } from '../executor/types';
import { CHECK_DECISIONS, STEP_STATUSES, type CheckDecision, type RunStatus, type StepStatus } from '../run/status';
import { array, boolean, byType, integer, literal, matching, nonNegative, nullable, number, object, oneOf, optional, record, string, type Guard } from './jsonGuard';

interface Base {
  readonly seq: number;
  readonly time: string;
  readonly prev: string;
  readonly hash: string;
}

/** A copy of the runbook text as it was run (masked), kept inside the session directory. */
export interface RunbookSnapshot {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface SessionStartEvent extends Base {
  readonly type: 'session-start';
  readonly format: 1;
  readonly id: string;
  readonly runbookPath: string;
  /** SHA-256 of the runbook text exactly as given (before masking). */
  readonly runbookSha256: string;
  readonly snapshot: RunbookSnapshot;
  readonly title: string;
  readonly user: string;
  readonly host: string;
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  readonly tool: { readonly name: string; readonly version: string };
  readonly vscodeVersion?: string;
  readonly remoteName?: string;
  /** Secret values are masked. */
  readonly variables: Readonly<Record<string, string>>;
  readonly secretNames: readonly string[];
  readonly pid: number;
}

export interface StepStartEvent extends Base {
  readonly type: 'step-start';
  readonly stepId: string;
  readonly attempt: number;
  readonly codeSha256: string;
  readonly line?: number;
  /** The step's other id (Runme's generated `id` when `name` gave the step id); absent in older logs. */
  readonly alias?: string;
}

export interface OutputEvent extends Base {
  readonly type: 'output';
  readonly stepId: string;
  readonly attempt: number;
  /** Relative to the session directory (forward slashes). */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  /**
   * Digests of the first `headBytes` and of the last `tailBytes` bytes after the head (the sizes
   * in force when recorded), so an export that shows only those excerpts can still be verified.
   */
  readonly headBytes: number;
  readonly tailBytes: number;
  readonly headSha256: string;
  readonly tailSha256: string;
}

/**
 * The fields of a StepOutcome a `step-end` records, in the order they are written (the wire form:
 * changing the list or its order changes new log lines; old ones must still read).
 */
export const STEP_END_FIELDS = ['status', 'exitCode', 'signal', 'durationMs', 'reason', 'startedAt', 'endedAt', 'notice'] as const satisfies readonly (keyof StepOutcome)[];

/** A step's end: its outcome's STEP_END_FIELDS (types from StepOutcome, so the two cannot drift). */
export interface StepEndEvent extends Base, Pick<StepOutcome, 'stepId' | (typeof STEP_END_FIELDS)[number]> {
  readonly type: 'step-end';
  readonly attempt: number;
}

/** The `step-end` payload of an outcome: its STEP_END_FIELDS in order; optional ones only when set (not empty). */
export function stepEndPayload(stepId: string, attempt: number, outcome: StepOutcome): Omit<StepEndEvent, keyof Base> {
  const fields: Record<string, unknown> = {};
  for (const key of STEP_END_FIELDS) {
    const value = outcome[key];
    if (value !== undefined && value !== '') fields[key] = value;
  }
  return { type: 'step-end', stepId, attempt, ...fields } as Omit<StepEndEvent, keyof Base>;
}

export interface NoteEvent extends Base {
  readonly type: 'note';
  readonly stepId: string;
  readonly text: string;
  readonly author: string;
}

export interface CheckEvent extends Base {
  readonly type: 'check';
  readonly stepId: string;
  readonly checked: boolean;
  readonly author: string;
  readonly decision?: CheckDecision;
}

export interface StepSkippedEvent extends Base {
  readonly type: 'step-skipped';
  readonly stepId: string;
  readonly reason?: string;
}

export interface SessionResumedEvent extends Base {
  readonly type: 'session-resumed';
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly runbookSha256: string;
  /** A new snapshot when the runbook changed since the session began. */
  readonly snapshot?: RunbookSnapshot;
  /** Steps whose code differs from the code they last ran with. */
  readonly staleSteps: readonly string[];
  /** Bytes of a torn last line dropped before appending (with their digest), when the log was torn. */
  readonly discardedBytes?: number;
  readonly discardedSha256?: string;
}

export interface SessionEndEvent extends Base {
  readonly type: 'session-end';
  readonly status: RunStatus;
}

export type SessionEvent =
  | SessionStartEvent | StepStartEvent | OutputEvent | StepEndEvent | NoteEvent | CheckEvent
  | StepSkippedEvent | SessionResumedEvent | SessionEndEvent;

// ---- the checks read back from disk (each lists every field of its type: tsc enforces it) ----

const sha = matching(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');
const count = integer(0);
const base = { seq: count, time: string, prev: sha, hash: sha };
const snapshot = object<RunbookSnapshot>({ file: string, sha256: sha, bytes: count });
const stepStatus = oneOf<StepStatus>(STEP_STATUSES);

/** Checks one parsed log line; throws GuardError naming the first field that is wrong. */
export const sessionEvent: Guard<SessionEvent> = byType<SessionEvent>({
  'session-start': object<SessionStartEvent>({
    ...base, type: literal('session-start'), format: literal(1), id: string, runbookPath: string, runbookSha256: sha, snapshot,
    title: string, user: string, host: string,
    os: object({ platform: string, release: string, arch: string }),
    tool: object({ name: string, version: string }),
    vscodeVersion: optional(string), remoteName: optional(string),
    variables: record(string), secretNames: array(string), pid: integer(),
  }),
  'step-start': object<StepStartEvent>({ ...base, type: literal('step-start'), stepId: string, attempt: integer(1), codeSha256: sha, line: optional(integer()), alias: optional(string) }),
  output: object<OutputEvent>({
    ...base, type: literal('output'), stepId: string, attempt: count, file: string, bytes: count, sha256: sha,
    headBytes: count, tailBytes: count, headSha256: sha, tailSha256: sha,
  }),
  'step-end': object<StepEndEvent>({
    ...base, type: literal('step-end'), stepId: string, attempt: count, status: stepStatus, exitCode: nullable(integer()),
    signal: optional(string), durationMs: nonNegative(number), reason: optional(string), startedAt: string, endedAt: string, notice: optional(string),
  }),
  note: object<NoteEvent>({ ...base, type: literal('note'), stepId: string, text: string, author: string }),
  check: object<CheckEvent>({ ...base, type: literal('check'), stepId: string, checked: boolean, author: string, decision: optional(oneOf<CheckDecision>(CHECK_DECISIONS)) }),
  'step-skipped': object<StepSkippedEvent>({ ...base, type: literal('step-skipped'), stepId: string, reason: optional(string) }),
  'session-resumed': object<SessionResumedEvent>({
    ...base, type: literal('session-resumed'), user: string, host: string, pid: integer(), runbookSha256: sha, snapshot: optional(snapshot),
    staleSteps: array(string), discardedBytes: optional(count), discardedSha256: optional(sha),
  }),
  'session-end': object<SessionEndEvent>({ ...base, type: literal('session-end'), status: oneOf<RunStatus>(['passed', 'failed', 'blocked', 'cancelled']) }),
});

/** What a writer supplies: everything but the chain fields. */
export type EventPayload = SessionEvent extends infer E
  ? E extends SessionEvent ? Omit<E, 'seq' | 'time' | 'prev' | 'hash'> : never
  : never;

/** Bytes of each output's head and tail whose digests are recorded (and shown in exports). */
export const HEAD_BYTES = 1024;
export const TAIL_BYTES = 2048;
export const LOG_FILE = 'events.jsonl';
export const LOCK_FILE = 'session.lock';
export const SIGNATURE_FILE = 'events.jsonl.sig';
export const GENESIS = '0'.repeat(64);
