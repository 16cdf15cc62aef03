// The executor's public contract. Implemented in src/core/executor, driven by the CLI and the
// extension host, observed by the session recorder. Plain interfaces only: no vscode, no UI.
import type { CheckStep, CodeStep, Runbook, Step } from '../format/model';

import type { CheckDecision, RunStatus, StepStatus } from '../run/status';

/** Statuses (and check decisions) are defined once, in src/core/run/status.ts. */
export type { CheckDecision, RunStatus, StepStatus };

export type OutputStream = 'stdout' | 'stderr';

/** Decoded (UTF-8 with replacement), secret-masked output, ANSI escapes kept. */
export interface OutputChunk {
  readonly stream: OutputStream;
  readonly text: string;
  /** Bytes just before this chunk that listeners never got (output faster than they are fed); the file has them. */
  readonly skippedBytes?: number;
}

export interface OutputSummary {
  /** Absolute path of the file holding the step's full (masked) output, when one was written. */
  readonly path?: string;
  readonly bytes: number;
  /** SHA-256 (hex) of the output file's bytes. */
  readonly sha256: string;
  /** The last part of the output (bounded, e.g. 256 KB), decoded and masked. */
  readonly tail: string;
  /** True when `tail` is not the whole output. */
  readonly truncated: boolean;
  /** Bytes listeners never got live (the sum of the chunks' skippedBytes); absent when none. */
  readonly skippedBytes?: number;
}

export interface StepOutcome {
  readonly stepId: string;
  readonly status: StepStatus;
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly durationMs: number;
  /** One line, for people: "exit code 2 is not in expect-exit (0)", "timed out after 30s", … */
  readonly reason?: string;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly output: OutputSummary;
  /**
   * Information only, never a failure: e.g. a transcript's real output differs from the sample
   * output the runbook shows (see transcriptCompare.ts).
   */
  readonly notice?: string;
}

/**
 * Receives everything that happens during a run, in order. The session recorder, the CLI's
 * printer and the extension's UI bridge each implement it. Errors thrown by an observer are
 * reported, never swallowed silently, and never kill the run.
 */
export interface ExecutionObserver {
  onStepStart?(step: CodeStep, attempt: number): void | Promise<void>;
  /** Coalesced: at most ~30 calls per second per step. */
  onOutput?(stepId: string, chunks: readonly OutputChunk[]): void;
  onStepEnd?(step: Step, outcome: StepOutcome): void | Promise<void>;
  onCheck?(step: CheckStep, decision: CheckDecision): void | Promise<void>;
}

/** What the host (CLI or extension) provides: questions to the user and the terminal. */
export interface ExecutorHost {
  /** Confirmation gate. Resolve false to block the step. */
  confirm(step: CodeStep, message: string): Promise<boolean>;
  /** Manual checks met during run-all. `blocked`: nobody could answer (a run host's wait limit). */
  decideCheck(step: CheckStep): Promise<CheckDecision | 'blocked'>;
  /** Interactive steps get a terminal (VS Code) or the TTY (CLI); resolves the exit code. */
  runInteractive?(step: CodeStep, command: InteractiveCommand): Promise<number | null>;
}

export interface InteractiveCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Secret values: whatever the host shows of the step's output must be masked (SecretMasker). */
  readonly secrets?: readonly string[];
}

export interface ExecutorOptions {
  readonly runbook: Runbook;
  /** Directory the runbook lives in; relative `cwd` values resolve against it. */
  readonly baseDir: string;
  /** Variable values given by the user (`--var`, the UI form); defaults fill the rest. */
  readonly variables: Readonly<Record<string, string>>;
  /** Where the per-step output file for an attempt goes (the session decides). */
  readonly outputPath: (stepId: string, attempt: number) => string;
  readonly host: ExecutorHost;
  readonly observers?: readonly ExecutionObserver[];
  /**
   * The session: told first, and awaited. A step whose start it could not record does not run
   * (the write-ahead rule), and a run it failed to record stops after that step: nothing runs
   * that the session does not show. Its failures are reported like an observer's.
   */
  readonly recorder?: ExecutionObserver;
  /** Base environment (defaults to process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to process.platform; tests use it to exercise `when=`. */
  readonly platform?: NodeJS.Platform;
  /** Errors thrown by observers (reported, never fatal to the run). Default: one line on stderr. */
  readonly onObserverError?: (error: unknown) => void;
  /** Optional tuning (kill grace, tail size, listener rate, resumed attempt numbers). */
  readonly tuning?: ExecutorTuning;
  /**
   * True for a manual check already ticked in this session: a run passes it (status passed)
   * without asking again and without telling the observers, so the session keeps the one tick.
   */
  readonly isTicked?: (stepId: string) => boolean;
}

// ---- Added by the executor (src/core/executor/index.ts documents the API). ----

/** One step's line in a run summary (the CLI's `--json` `steps` array). */
export interface StepResult {
  readonly id: string;
  readonly kind: 'code' | 'check';
  readonly status: StepStatus;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly reason?: string;
  /** Absent for checks, not-run steps and skipped steps. */
  readonly output?: OutputSummary;
}

export interface RunSummary {
  readonly status: RunStatus;
  /** Every step the run covered, in document order (after a stop: `not-run`). */
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
}

/** Optional tuning, mostly for tests and benchmarks. */
export interface ExecutorTuning {
  /** SIGTERM → SIGKILL grace on timeout, cancel and after a step's main process exits. Default 2000. */
  readonly killGraceMs?: number;
  /** Bytes of output kept in memory per step (the tail). Default 256 KiB. */
  readonly tailBytes?: number;
  /** Minimum interval between `onOutput` calls for a step. Default 33 ms (≈30/s). */
  readonly outputIntervalMs?: number;
  /** Attempts already recorded per step id (a resumed session): numbering continues after them. */
  readonly previousAttempts?: Readonly<Record<string, number>>;
  /** Directory for the executor's private scratch files (wrapper scripts, shell state). Default /dev/shm where there is one, else os.tmpdir() (scratchDir.ts). */
  readonly scratchDir?: string;
  /**
   * bash steps share one live shell per run (functions, aliases, options and unexported
   * variables carry over). Default: on unless RUNBOOK_SHELL_SESSION=0 is in `env`.
   */
  readonly shellSession?: boolean;
}

/** Shell state carried from one shell step to the next. */
export interface ShellState {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}
