// What a CLI command may touch of the outside world; tests pass a fake.
import type { SpawnedRunHost } from '../runhost/launch';

export interface CliIo {
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): void; readonly isTTY?: boolean };
  readonly stdinIsTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks one question on the terminal and resolves the answer (tests pass a fake; default: readline on stdin). */
  readonly ask?: (question: string) => Promise<string>;
  /** Asks for a secret without echoing it; null when the user gives up (default: raw-mode stdin). */
  readonly askSecret?: (question: string) => Promise<string | null>;
}

/** What the dispatcher started for a command before the command's own code loaded. */
export interface EarlyStart {
  /** `runbook run`: a run host already starting (see ../runhost/launch.ts, spawnRunHost). */
  readonly runHost?: SpawnedRunHost;
}

/** A command: parses its own arguments, returns the process exit code. */
export type CliCommand = (argv: readonly string[], io: CliIo, early?: EarlyStart) => Promise<number>;

/** Thrown for bad input or usage: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** True for a UsageError from any bundle (the dispatcher and each command bundle have their own class). */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}
