// Shell state carry-over. A bash/sh/zsh step runs inside a small wrapper that sources the step's
// script in the same shell and, from an EXIT trap, writes the final working directory and the
// exported environment (bash: `export -p`; sh/zsh: `env -0`) to a private state file. The trap keeps the user's exit
// status (`exit $rc`), so `set -e`, `exit N` and failing commands behave as written. The next
// shell step starts from that state; a step killed by a signal leaves the previous state intact.
import { readFileSync } from 'node:fs';
import { removeFile } from './removeFile';
import { parseExportP } from './bashExport';
import type { ShellState } from './types';

/** Exported by shells themselves, or the executor's per-step token: never carried over (PWD is set from the carried cwd). */
const SHELL_OWNED = new Set(['_', 'SHLVL', 'PWD', 'RUNBOOK_STEP_TOKEN']);

// bash: `export -p` (a builtin, no fork; parsed by bashExport.ts). Other shells: `env -0`.
const BASH_DUMP = 'export -p';
const POSIX_DUMP = 'env -0';

/**
 * The `-c` program for a shell step. Positional parameters: $1 = state file, $2 = the step's
 * script. The trap turns tracing and `set -eu` off so it neither prints nor aborts.
 */
export function wrapperProgram(shell: string): string {
  const cached = wrappers.get(shell);
  if (cached) return cached;
  // `command` bypasses functions a step may have defined with these names.
  const dump = `command ${shell === 'bash' ? BASH_DUMP : POSIX_DUMP}`;
  const trap =
    `__rb_rc=$?; set +xveu; umask 077; ` +
    `{ command printf '%s\\0' "$PWD"; ${dump}; } > "$__rb_state"; exit $__rb_rc`;
  const program = [
    '__rb_state=$1; __rb_script=$2; shift 2',
    `trap '${trap.replace(/'/g, `'\\''`)}' EXIT`,
    '. "$__rb_script"',
  ].join('\n');
  wrappers.set(shell, program);
  return program;
}

const wrappers = new Map<string, string>();

/** Reads and deletes a state file; undefined when the shell did not write one (killed, crashed). */
export function readStateFile(path: string, shell: string): ShellState | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return undefined;
  } finally {
    // The dump holds the environment (possibly secret values): never leave it behind.
    removeFile(path);
  }
  return parseState(raw, shell === 'bash' ? 'export-p' : 'env0');
}

/** State file: `$PWD` NUL, then the dump (`export -p` text, or NUL-separated NAME=VALUE). */
export function parseState(raw: Buffer, format: 'export-p' | 'env0'): ShellState | undefined {
  const nul = raw.indexOf(0);
  if (nul <= 0) return undefined;
  const cwd = raw.subarray(0, nul).toString('utf8');
  const rest = raw.subarray(nul + 1);
  const dumped: Record<string, string> = format === 'export-p' ? parseExportP(rest) : parseEnv0(rest.toString('utf8'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(dumped)) if (!SHELL_OWNED.has(name)) env[name] = value;
  return { cwd, env };
}

function parseEnv0(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const field of text.split('\0')) {
    const eq = field.indexOf('=');
    if (eq > 0) env[field.slice(0, eq)] = field.slice(eq + 1);
  }
  return env;
}
