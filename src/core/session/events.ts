// The session event log's line format: one JSON object per line, validated with zod on read.
// Every line carries `seq` (0-based line number), `time` (ISO 8601 UTC), `type`, `prev` (the
// previous line's hash; 64 zeros on the first line) and, last, its own `hash`: the SHA-256 of the
// line's bytes before `,"hash":…` was appended. `prev` + `hash` make the log a hash chain.
import { z } from 'zod';

const sha = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');
const stepStatus = z.enum([
  'pending', 'running', 'passed', 'failed', 'timed-out', 'cancelled', 'skipped', 'blocked', 'not-run', 'interrupted',
]);
const runStatus = z.enum(['passed', 'failed', 'blocked', 'cancelled']);

const base = { seq: z.number().int().nonnegative(), time: z.string(), prev: sha, hash: sha };

/** A copy of the runbook text as it was run (masked), kept inside the session directory. */
const snapshot = z.object({ file: z.string(), sha256: sha, bytes: z.number().int().nonnegative() });

export const sessionStartEvent = z.object({
  ...base,
  type: z.literal('session-start'),
  format: z.literal(1),
  id: z.string(),
  runbookPath: z.string(),
  /** SHA-256 of the runbook text exactly as given (before masking). */
  runbookSha256: sha,
  snapshot,
  title: z.string(),
  user: z.string(),
  host: z.string(),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  tool: z.object({ name: z.string(), version: z.string() }),
  vscodeVersion: z.string().optional(),
  remoteName: z.string().optional(),
  /** Secret values are masked. */
  variables: z.record(z.string(), z.string()),
  secretNames: z.array(z.string()),
  pid: z.number().int(),
});

export const stepStartEvent = z.object({
  ...base,
  type: z.literal('step-start'),
  stepId: z.string(),
  attempt: z.number().int().positive(),
  codeSha256: sha,
  line: z.number().int().optional(),
  /** The step's other id (Runme's generated `id` when `name` gave the step id); absent in older logs. */
  alias: z.string().optional(),
});

export const outputEvent = z.object({
  ...base,
  type: z.literal('output'),
  stepId: z.string(),
  attempt: z.number().int().nonnegative(),
  /** Relative to the session directory (forward slashes). */
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: sha,
  /**
   * Digests of the first `headBytes` and of the last `tailBytes` bytes after the head (the sizes
   * in force when recorded), so an export that shows only those excerpts can still be verified.
   */
  headBytes: z.number().int().nonnegative(),
  tailBytes: z.number().int().nonnegative(),
  headSha256: sha,
  tailSha256: sha,
});

export const stepEndEvent = z.object({
  ...base,
  type: z.literal('step-end'),
  stepId: z.string(),
  attempt: z.number().int().nonnegative(),
  status: stepStatus,
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  durationMs: z.number().nonnegative(),
  reason: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** Information, never a failure: e.g. a transcript's output differs from its sample output. */
  notice: z.string().optional(),
});

export const noteEvent = z.object({
  ...base,
  type: z.literal('note'),
  stepId: z.string(),
  text: z.string(),
  author: z.string(),
});

export const checkEvent = z.object({
  ...base,
  type: z.literal('check'),
  stepId: z.string(),
  checked: z.boolean(),
  author: z.string(),
  decision: z.enum(['passed', 'skipped', 'failed']).optional(),
});

export const stepSkippedEvent = z.object({
  ...base,
  type: z.literal('step-skipped'),
  stepId: z.string(),
  reason: z.string().optional(),
});

export const sessionResumedEvent = z.object({
  ...base,
  type: z.literal('session-resumed'),
  user: z.string(),
  host: z.string(),
  pid: z.number().int(),
  runbookSha256: sha,
  /** A new snapshot when the runbook changed since the session began. */
  snapshot: snapshot.optional(),
  /** Steps whose code differs from the code they last ran with. */
  staleSteps: z.array(z.string()),
  /** Bytes of a torn last line dropped before appending (with their digest), when the log was torn. */
  discardedBytes: z.number().int().nonnegative().optional(),
  discardedSha256: sha.optional(),
});

export const sessionEndEvent = z.object({
  ...base,
  type: z.literal('session-end'),
  status: runStatus,
});

export const sessionEvent = z.discriminatedUnion('type', [
  sessionStartEvent, stepStartEvent, outputEvent, stepEndEvent, noteEvent, checkEvent,
  stepSkippedEvent, sessionResumedEvent, sessionEndEvent,
]);

export type SessionEvent = z.infer<typeof sessionEvent>;
export type SessionStartEvent = z.infer<typeof sessionStartEvent>;
export type OutputEvent = z.infer<typeof outputEvent>;
export type StepEndEvent = z.infer<typeof stepEndEvent>;
export type NoteEvent = z.infer<typeof noteEvent>;
export type CheckEvent = z.infer<typeof checkEvent>;
export type SessionResumedEvent = z.infer<typeof sessionResumedEvent>;

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
