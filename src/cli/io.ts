// What a CLI command may touch of the outside world; tests pass a fake.
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

/** A command: parses its own arguments, returns the process exit code. */
export type CliCommand = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Thrown for bad input or usage: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {}
