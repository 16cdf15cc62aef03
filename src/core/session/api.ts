// The session's public contract: an append-only, hash-chained, fsync'd record of one run.
// Implemented in src/core/session; used by `runbook run`, the extension host and evidence export.
import type { ExecutionObserver, RunStatus, StepStatus } from '../executor/types';
import type { SessionStatus } from '../run/status';

export interface SessionStartInfo {
  readonly sessionsDir: string;
  readonly runbookPath: string;
  readonly runbookText: string;
  /** The runbook's title when the caller has parsed the text already: a large runbook is not parsed a second time for it. */
  readonly title?: string;
  /** Variable values as used; secret ones are masked before anything is written. */
  readonly variables: Readonly<Record<string, string>>;
  readonly secretNames: readonly string[];
  readonly tool: { readonly name: string; readonly version: string };
  readonly vscodeVersion?: string;
  readonly remoteName?: string;
  /** Defaults: os.userInfo().username, os.hostname(). */
  readonly user?: string;
  readonly host?: string;
}

/** A live session. Every method that records something appends and fsyncs before resolving. */
export interface Session extends ExecutionObserver {
  readonly id: string;
  readonly dir: string;
  /** Path for a step attempt's output file inside the session directory. */
  outputPath(stepId: string, attempt: number): string;
  addNote(stepId: string, text: string, author?: string): Promise<void>;
  setCheck(stepId: string, checked: boolean, author?: string): Promise<void>;
  skipStep(stepId: string, reason?: string): Promise<void>;
  end(status: RunStatus): Promise<void>;
  /** Closes the log and releases the lock without ending the session (it stays resumable). */
  release(): Promise<void>;
  /**
   * Group commit, opt-in: from now on a step's end (output + step-end events) is written at once
   * but fsync'd with the next durable append (the next step's start, before its process runs; a
   * check, a note, the session's end) or groupCommit.maxWaitMs (log-writer.ts) later: one fsync per step instead of two.
   * Whoever shows a step's end must first await whenDurable().
   */
  groupStepEnds?(): void;
  /** Resolves when every event recorded so far is on disk. */
  whenDurable?(): Promise<void>;
}

/** Replay of a session log: the state a UI or an export needs. */
export interface SessionState {
  readonly id: string;
  readonly dir: string;
  readonly runbookPath: string;
  readonly runbookSha256: string;
  readonly title: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly status: SessionStatus;
  /** Per step id: latest status (a step running when the log stops is `interrupted`). */
  readonly steps: Readonly<Record<string, SessionStepState>>;
  /** True when the last line was torn (a crash mid-write); everything before it is intact. */
  readonly torn: boolean;
  readonly user: string;
  readonly host: string;
  /** Number of whole events and the hash of the last one (the chain's head). */
  readonly eventCount: number;
  readonly headHash: string;
  /** Copies of the runbook text as run (the first at start, one more per resume with a changed runbook). */
  readonly snapshots: readonly SessionSnapshot[];
}

export interface SessionSnapshot {
  /** File name inside the session directory. */
  readonly file: string;
  /** SHA-256 of the (masked) file and of the runbook text as given. */
  readonly sha256: string;
  readonly textSha256: string;
}

export interface SessionStepState {
  readonly status: StepStatus;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  readonly reason?: string;
  /** Information from the last attempt's end (e.g. output differs from the transcript's sample). */
  readonly notice?: string;
  readonly attempts: number;
  /** SHA-256 of the step's code when it last ran: differs from the runbook's ⇒ stale. */
  readonly codeSha256?: string;
  readonly note?: string;
  readonly noteAuthor?: string;
  readonly noteTime?: string;
  readonly checked?: boolean;
  readonly checkedBy?: string;
  readonly outputPath?: string;
}

/** Entry points, implemented in src/core/session/index.ts. */
export type OpenNewSession = (info: SessionStartInfo) => Promise<Session>;
/** Re-opens an unfinished session for appending (`runbook run --resume`, VS Code's resume offer). */
export type ResumeSession = (
  dir: string,
  runbookText: string,
  /** Secret values to mask in what the resumed session writes (they are never stored, so pass them again). */
  secrets?: { readonly variables?: Readonly<Record<string, string>>; readonly secretNames?: readonly string[] },
) => Promise<Session>;

/** One row of `listSessions`. */
export interface SessionSummary {
  readonly id: string;
  readonly dir: string;
  readonly runbookPath: string;
  readonly title: string;
  readonly startedAt: string;
  readonly status: SessionState['status'];
}
/** Sessions under a directory, newest first; only those of one runbook when `runbookPath` is given. */
export type ListSessions = (sessionsDir: string, runbookPath?: string) => Promise<readonly SessionSummary[]>;
/** Reads a session directory's log and replays it (torn last line tolerated). */
export type ReadSessionState = (dir: string) => Promise<SessionState>;
