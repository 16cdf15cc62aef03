// The shell text a live bash session runs (liveShell.ts): the start-up program, one line per
// step, and the lines that bring the shell in line with the executor's state. Every line the
// executor sends is read by bash from its stdin as a script, so a step's functions, aliases,
// options and variables stay in the shell for the next step, as in a terminal.
//
// Control messages go to fd 19 (the shell's original stdout), each prefixed with the session's
// nonce: `<nonce> B` once a step's output FIFOs are open, `<nonce> E <status> <slot>` once the
// step ended and the state was dumped. A step that ends the shell (`exit 3`, `set -e`) dumps
// from the EXIT trap and leaves `exited` (`<status> <slot>`) instead, fd 19 being closed there. The dump goes to `state` (`$PWD` NUL `export -p`, parsed like the
// one-spawn wrapper's) and `restore<slot>` (a script that rebuilds the shell: variables,
// functions, aliases, options, umask) — two slots, so a shell killed while dumping never spoils
// the last good one.
import type { ShellState } from './types';

/** Never synchronised into the shell: the shell's own, and the per-step token. */
const SHELL_OWNED = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'RUNBOOK_STEP_TOKEN']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Single-quotes a word for the shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The start-up program: functions, the EXIT trap, FIFOs for the first steps, then `R`.
 * Words the executor sends are written `\builtin …` so a step's aliases never rewrite them.
 */
export function startProgram(dir: string, nonce: string, mkfifo: string, fifos: readonly string[]): string {
  const d = shellQuote(dir);
  return [
    `exec 19>&1 1>/dev/null`,
    `__rb_dir=${d}; __rb_nonce=${nonce}; __rb_slot=0`,
    // xtrace/verbose last for their step only: the executor's own lines are never traced into output.
    // errexit, xtrace and verbose last for their step only: a step's `set -e` never ends a later
    // one, and the executor's own lines are never traced into a step's output.
    `__rb_dump() { \\builtin set +xve; ` +
      `{ \\builtin printf '%s\\0' "$PWD"; \\builtin export -p; } >| "$__rb_dir/state"; ` +
      `{ \\builtin declare -p; \\builtin declare -f; \\builtin alias -p; \\builtin set +o; \\builtin shopt -p; \\builtin umask -p; } >| "$__rb_dir/restore$1"; }`,
    `__rb_after() { __rb_dump "$2"; \\builtin printf '%s E %s %s\\n' "$__rb_nonce" "$1" "$2" >&19; }`,
    // A step that exits the shell: fd 19 is closed inside a step, so the trap leaves a file instead.
    `__rb_exit() { __rb_rc=$?; __rb_dump "$__rb_slot"; \\builtin printf '%s %s' "$__rb_rc" "$__rb_slot" >| "$__rb_dir/exited"; \\builtin exit "$__rb_rc"; }`,
    `trap __rb_exit EXIT`,
    `\\builtin shopt -s expand_aliases`,
    makeFifos(mkfifo, fifos),
    '',
  ].join('\n');
}

/** Creates FIFOs (one fork of mkfifo for a batch), then says `R`. */
export function makeFifos(mkfifo: string, fifos: readonly string[]): string {
  const create = fifos.length > 0 ? `${shellQuote(mkfifo)} -m 600 ${fifos.map(shellQuote).join(' ')}; ` : '';
  return `${create}\\builtin printf '%s R\\n' "$__rb_nonce" >&19`;
}

export interface StepLine {
  readonly script: string;
  readonly out: string;
  readonly err: string;
  readonly token: string;
  readonly slot: number;
  /** A step-level cwd: the step runs there, the shell returns afterwards. */
  readonly cwd?: string;
}

/** One step: its own stdout/stderr FIFOs and /dev/null stdin, sourced in the shell itself. */
export function stepLine(s: StepLine): string {
  const run =
    `{ \\builtin printf '%s B\\n' "$__rb_nonce" >&19; \\builtin . ${shellQuote(s.script)} 19>&-; } ` +
    `</dev/null >${shellQuote(s.out)} 2>${shellQuote(s.err)}`;
  // __rb_state / __rb_script name the step's scratch files, as the one-spawn wrapper's do.
  const head = `__rb_slot=${s.slot}; __rb_state="$__rb_dir/state"; __rb_script=${shellQuote(s.script)}; \\builtin export RUNBOOK_STEP_TOKEN=${s.token}; `;
  if (s.cwd === undefined) return `${head}${run}; __rb_after $? ${s.slot}\n`;
  return (
    `${head}__rb_back=$PWD; \\builtin cd -- ${shellQuote(s.cwd)} && ${run}; ` +
    `__rb_rc=$?; \\builtin cd -- "$__rb_back"; __rb_after $__rb_rc ${s.slot}\n`
  );
}

/**
 * Lines that take the shell from `shellEnv` (its exported variables as last dumped) to `target`
 * (the executor's state, changed by a step that ran elsewhere: interactive, another shell).
 * Each ends in `|| :` so a readonly variable or a carried `set -e` cannot end the shell here.
 */
export function syncLines(shellEnv: Readonly<Record<string, string>>, target: ShellState): string {
  const out: string[] = [];
  for (const name of Object.keys(shellEnv)) {
    if (!SHELL_OWNED.has(name) && NAME.test(name) && !(name in target.env)) out.push(`\\builtin unset -v ${name} || :`);
  }
  for (const [name, value] of Object.entries(target.env)) {
    if (SHELL_OWNED.has(name) || !NAME.test(name) || shellEnv[name] === value) continue;
    out.push(`\\builtin export ${name}=${shellQuote(value)} || :`);
  }
  out.push(`\\builtin cd -- ${shellQuote(target.cwd)} || :`);
  return out.join('\n') + '\n';
}

/** Sources a saved restore script (a fresh shell taking over from one that ended); this shell's own names win. */
export function restoreLine(path: string, dir: string, nonce: string): string {
  return `\\builtin . ${shellQuote(path)} 2>/dev/null || :; __rb_dir=${shellQuote(dir)}; __rb_nonce=${nonce}\n`;
}
