// The run host's protocol: every request and notification between a run host and its clients
// (`runbook run`, `runbook attach|stop`, the extension host), with literal method names. JSON-RPC
// 2.0 framed by vscode-jsonrpc over the session directory's Unix socket. Host and clients import
// only this module for the wire contract.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { CheckDecision, OutputChunk, RunStatus, RunSummary, StepOutcome, StepStatus } from '../core/executor/types';

export type RunMode = 'all' | 'from' | 'step';

export interface RunParams {
  readonly mode: RunMode;
  /** Required for `from` and `step`. */
  readonly stepId?: string;
}

/** A question the run waits on until a person answers it (or the wait limit passes). */
export interface WaitingPrompt {
  readonly id: number;
  readonly kind: 'confirm' | 'check';
  readonly stepId: string;
  /** The confirm message, or the check's text. */
  readonly message: string;
  /** ISO 8601 UTC. */
  readonly since: string;
}

export interface StepView {
  readonly id: string;
  readonly status: StepStatus | 'pending';
  readonly attempt: number;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  readonly reason?: string;
}

/** What an attaching client gets: the run as it is now. Events after it arrive as notifications. */
export interface Snapshot {
  readonly sessionId: string;
  readonly sessionDir: string;
  readonly runbookPath: string;
  readonly hostPid: number;
  readonly running: boolean;
  readonly steps: readonly StepView[];
  /** The running step, with the (masked) output it printed so far (bounded tail). */
  readonly current?: { readonly stepId: string; readonly attempt: number; readonly startedAt: string; readonly output: readonly OutputChunk[] };
  readonly waiting?: WaitingPrompt;
  /** The last run's summary, once a run ended. */
  readonly lastRun?: RunSummary;
  /** Set when the session has ended (the host is about to exit). */
  readonly sessionEnded?: RunStatus;
}

export interface AttachParams {
  /** True when the client can put a question to a person (a TTY, a window). */
  readonly canAnswer: boolean;
  /** For the host's log: `runbook run`, `runbook attach`, `vscode`. */
  readonly client: string;
}

export type Answer = { readonly kind: 'confirm'; readonly yes: boolean } | { readonly kind: 'check'; readonly decision: CheckDecision };

/** A step's outcome without its output summary (the output went out as notifications). */
export type StepEndedParams = Omit<StepOutcome, 'output'>;

// ---- Requests (client → host) ----
export const AttachRequest = new RequestType<AttachParams, Snapshot, void>('runbook/attach');
export const RunRequest = new RequestType<RunParams, void, void>('runbook/run');
export const CancelRequest = new RequestType0<void, void>('runbook/cancel');
export const SkipRequest = new RequestType<{ stepId: string; reason?: string }, void, void>('runbook/skip');
export const NoteRequest = new RequestType<{ stepId: string; text: string; author?: string }, void, void>('runbook/note');
export const TickRequest = new RequestType<{ stepId: string; checked: boolean; author?: string }, void, void>('runbook/tick');
/** Answers the prompt with this id; false when it was already answered (by another client) or is gone. */
export const AnswerRequest = new RequestType<{ promptId: number; answer: Answer }, boolean, void>('runbook/answer');
/**
 * Closes the session without ending it (it stays resumable) and exits: a client that needs a host
 * with other variables or another text of the runbook. The reply comes once the session's lock is
 * released. Refused while a run is live or a question waits.
 */
export const ReleaseRequest = new RequestType0<void, void>('runbook/release');
/** Ends the session (not while a run is live); the host exits afterwards. */
export const FinishRequest = new RequestType<{ status?: RunStatus }, RunStatus, void>('runbook/finish');

// ---- Notifications (host → every attached client), sent after the event is on disk ----
export const StepStartedNotification = new NotificationType<{ stepId: string; attempt: number; startedAt: string }>('runbook/stepStarted');
export const OutputNotification = new NotificationType<{ stepId: string; chunks: readonly OutputChunk[] }>('runbook/output');
export const StepEndedNotification = new NotificationType<StepEndedParams>('runbook/stepEnded');
export const WaitingNotification = new NotificationType<WaitingPrompt>('runbook/waiting');
export const AnsweredNotification = new NotificationType<{ promptId: number; by: string }>('runbook/answered');
/** `error`: the run ended but its end could not be recorded (the session log failed). */
export const RunEndedNotification = new NotificationType<{ summary: RunSummary; error?: string }>('runbook/runEnded');
/** A recording problem during the run (a failed append, a removed session directory): one line for people. */
export const ErrorNotification = new NotificationType<{ message: string }>('runbook/error');
export const SessionEndedNotification = new NotificationType<{ status: RunStatus }>('runbook/sessionEnded');

/** What a client writes to the host's fd 3 at start-up (secrets travel only through this pipe). */
export interface HostConfig {
  readonly sessionsDir: string;
  readonly runbookPath: string;
  readonly runbookText: string;
  /** Variable values as given (`--var`, environment); the host resolves defaults itself. */
  readonly variables: Readonly<Record<string, string>>;
  /** Continue this session directory instead of opening a new one. */
  readonly resumeDir?: string;
  /** Start this run at once (before any client attaches). */
  readonly run?: RunParams | 'resume';
  /** The starting client attaches right after "ready" (not `--detach`): the host waits for it before exiting. */
  readonly clientAttaches?: boolean;
  /** Environment of the steps (the client's). */
  readonly env: Readonly<Record<string, string>>;
  readonly tool: { readonly name: string; readonly version: string };
  /** Recorded in a new session's start event (a client inside VS Code). */
  readonly vscodeVersion?: string;
  readonly remoteName?: string;
  /** Answer every confirm gate yes. */
  readonly yes: boolean;
  /**
   * What a question does when nobody who can answer is attached: `block` answers at once (confirm:
   * no, check: `checks`) as a non-interactive `runbook run` always did; `wait` waits for a person.
   */
  readonly unattended: 'block' | 'wait';
  readonly checks: 'pass' | 'skip';
  readonly waitLimitMs: number;
  /** End the session with the run's status when the run ends (the CLI); otherwise it stays open. */
  readonly endSessionWhenRunEnds: boolean;
  readonly killGraceMs?: number;
}

/** The host's one-line answer on fd 3. */
export type HostReady = { readonly ok: true; readonly sessionId: string; readonly sessionDir: string; readonly pid: number } | { readonly ok: false; readonly error: string };

/** The session's open variables as the host knows them (for `runbook ps`), written to `host.json`. */
export interface HostInfo {
  readonly pid: number;
  /** Process start time (clock ticks since boot, /proc/PID/stat field 22): a reused pid does not match. */
  readonly startTime: string;
  readonly sessionId: string;
  readonly runbookPath: string;
  readonly title: string;
  readonly startedAt: string;
  readonly currentStep?: string;
  /** When the current step (or the wait) began. */
  readonly since?: string;
  readonly waiting?: boolean;
}

export const SOCKET_FILE = 'host.sock';
export const HOST_INFO_FILE = 'host.json';
export const HOST_LOG_FILE = 'runhost.log';
/** Environment variable every step process of a run host carries: the session id. Survives setsid and re-parenting. */
export const STEP_MARK_VAR = 'RUNBOOK_RUN_SESSION';
/** Default wait limit for a question nobody answers: 24 h. */
export const DEFAULT_WAIT_LIMIT_MS = 24 * 3_600_000;
