// The shell text a live bash session runs (liveShell.ts): the start-up program, one line per
// step, and the lines that bring the shell in line with the executor's state. Every line the
// executor sends is read by bash from its stdin as a script, so a step's functions, aliases,
// options and variables stay in the shell for the next step, as in a terminal.
//
// A step may do anything to its shell, so the executor's side never trusts what a step can change:
//  - its functions (`__rb_*`) are defined before any step runs and made `readonly -f`; their
//    bodies are parsed then, so a step's aliases never reach them; the paths and the nonce are
//    literals in them — the executor writes no variable a step could make readonly, except the
//    three per-step names `__rb_pre` sets (`__rb_seq`, `__rb_script`, `__rb_state`) and
//    RUNBOOK_STEP_TOKEN, which `__rb_post` must be able to unset or the shell is replaced;
//  - the words of a step line are quoted (`\__rb_post`, `\builtin`), so no alias applies;
//  - after the step, `__rb_post` enters POSIX mode by assigning POSIXLY_CORRECT (no command
//    runs), where `export`, `set`, `unset`, `trap` and `exit` are the shell's own whatever
//    functions exist, checks there that `builtin` is not a function (`export -f builtin` fails),
//    then does everything else with `\builtin …`. Every command that may fail sits in a
//    condition, so `set -e` and an ERR trap never act on them;
//  - when that cannot be done safely (`builtin` or a special builtin redefined or disabled, a
//    readonly POSIXLY_CORRECT or executor name, no file descriptor left, a failed dump), the
//    step's status is told without running a command — the error message of a redirection from a
//    missing file, `<nonce> S <status>`, written to the control FIFO — and the shell ends
//    (`exit <status>`, no dump) or is left idle; the executor then replaces it with a fresh one
//    restored from the last good dump (liveShell.ts also notices a shell that waits for input
//    while it still waits for the step's end: a step that made every command a no-op).
//
// Control messages go to the control FIFO `ctl` (opened by path for each message, so a step
// that closes or moves file descriptors cannot cut the channel), each prefixed with the nonce:
// `R <status>` once FIFOs are made, `B <seq>` before a step opens its output FIFOs,
// `E <seq> <slot> <status>` once the step ended and the state was dumped, `S <status>` as above. The start
// program says `R` on stdout instead (the FIFO does not exist before it). A step that ends the
// shell (`exit 3`, `set -e`) dumps from the EXIT trap (slot `x`) and leaves `exited`
// (`<status> <seq>`). The dump goes to `state` (`$PWD` NUL `export -p`, parsed like the one-spawn
// wrapper's, then NUL and `ulimit -S -a`) and `restore<slot>` (a script that rebuilds the shell) — two slots, so a shell
// killed while dumping never spoils the last good one. The dump costs a write() per line (bash
// line-buffers its output), so it holds no line the executor can make itself: the `set -o` and
// `shopt` options are not listed, they are read from SHELLOPTS and BASHOPTS in `declare -p` when a
// restart needs them (optionLines, with the option names the start program lists once).
//
// bash reads a script from a pipe one byte per read(), so a step's line is short: the paths in it
// start with readonly variables the start program sets (`__rb_d` the shell's directory, `__rb_s`
// the run's scratch directory, `__rb_k` the trace key).
import type { ShellState } from './types';

/** Never synchronised into the shell: the shell's own, and the per-step token. */
const SHELL_OWNED = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'RUNBOOK_STEP_TOKEN']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The shopt options entering and leaving POSIX mode changes (bash 5.2, found by experiment). */
const POSIX_SHOPTS = 'expand_aliases inherit_errexit interactive_comments shift_verbose sourcepath';
/** The executor's functions: defined before any step, then readonly. */
const FUNCTIONS = ['msg', 'tell', 'pre', 'post', 'exit', 'end', 'book', 'safe', 'leave', 'dump', 'fns', 'dirs', 'done', 'die'].map((f) => `__rb_${f}`);
/**
 * Our EXIT trap: dumps the state of a step that ends its shell. A subshell of a step (`( sleep 100 )
 * &`) killed at the step's end runs the trap it inherited: there it calls nothing (any function
 * call or eval in that subshell made bash print `wait_for: No record of process` into the step's
 * output). `case` keeps `$?` as the status the shell exits with, for its first command.
 */
const EXIT_TRAP = `\\builtin trap 'case \${BASHPID-} in "$$") \\__rb_exit "$?" "\${__rb_seq-}";; esac' EXIT`;

/** Single-quotes a word for the shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface ShellFiles {
  /** The shell's private directory (state, restore slots, FIFOs). */
  readonly dir: string;
  /** The run's scratch directory, where the steps' scripts are written. */
  readonly scratch: string;
  /** The control FIFO (made by the start program). */
  readonly ctl: string;
  readonly nonce: string;
  /** Passed to `__rb_post` only: finding it in a step's output means an xtrace fd leaked there. */
  readonly traceKey: string;
}

/** The file the start program lists every `set -o` and `shopt` option in (their names, for optionLines). */
export const OPTIONS_FILE = 'options';

/**
 * The start-up program: the executor's functions (then readonly), the EXIT trap, the control
 * FIFO and the FIFOs for the first steps, then `<nonce> R <status>` on stdout, which it leaves.
 */
export function startProgram(f: ShellFiles, mkfifo: string, fifos: readonly string[]): string {
  const d = (name: string) => shellQuote(`${f.dir}/${name}`);
  const ctl = shellQuote(f.ctl);
  // A path that never exists: opening it fails, and bash's message names it (see `__rb_tell`).
  const none = shellQuote(`${f.dir}/none/${f.nonce} `);
  const shopts = POSIX_SHOPTS.split(' ').map((o) => `if [[ :$2: == *:${o}:* ]]; then \\builtin shopt -s ${o}; else \\builtin shopt -u ${o}; fi`).join('; ');
  return [
    // Readonly before any step: a step can neither change nor unset them (a line that names them stays trustworthy).
    `\\builtin declare -r +x __rb_d=${shellQuote(f.dir)} __rb_s=${shellQuote(f.scratch)} __rb_k=${shellQuote(f.traceKey)}`,
    `{ \\builtin set +o; \\builtin shopt -p; } >|${d(OPTIONS_FILE)} 2>/dev/null`,
    `__rb_msg() { \\builtin printf '%s %s %s %s %s\\n' ${f.nonce} "$1" "\${2-}" "\${3-}" "\${4-}" >>${ctl}; }`,
    // No command runs: the redirection from a missing file fails and bash writes its name to fd 2, the FIFO.
    `__rb_tell() { if 2>>${ctl} <${none}"$1 $2"; then [[ -n x ]]; fi; }`,
    `__rb_pre() { \\builtin declare -g __rb_seq="$1" __rb_script="$2" __rb_state=${d('state')}; \\builtin export RUNBOOK_STEP_TOKEN="$3"; \\__rb_msg B "$1"; }`,
    // $1 the step's status, $2 its seq, $3 the dump slot ($4: a key that marks this call in a leaked xtrace);
    // __rb_end/__rb_book get: post|exit, status, seq, slot, BASHOPTS before POSIX mode, and on|off (POSIX mode before).
    `__rb_post() { \\__rb_end post "$1" "$2" "$3" "$BASHOPTS"; }`,
    // Called by the EXIT trap, in the shell itself only (EXIT_TRAP says why).
    `__rb_exit() { if [[ -n \${2-} ]]; then \\__rb_end exit "$1" "$2" x "$BASHOPTS"; fi; }`,
    // POSIX mode without running a command. An assignment to a readonly variable would abandon the
    // whole line, so POSIXLY_CORRECT set or readonly: not safe (under nounset `@a` cannot look, so
    // the status is told first). Not safe: the status is told and the shell left idle.
    `__rb_end() { if [[ :$SHELLOPTS: == *:posix:* ]]; then \\__rb_book "$@" on; ` +
      `elif [[ -n \${POSIXLY_CORRECT+x} ]] || { [[ ! -o nounset ]] && [[ \${POSIXLY_CORRECT@a} == *r* ]]; }; then if [[ $1 == post ]]; then \\__rb_tell S "$2"; fi; ` +
      `else if [[ -o nounset && $1 == post ]]; then \\__rb_tell S "$2"; fi; POSIXLY_CORRECT=y; \\__rb_book "$@" off; fi; }`,
    // In POSIX mode: file descriptors left, `builtin` trusted, errexit/xtrace/verbose off (they last
    // for their step), POSIX mode as the step left it, the dump, then the message.
    `__rb_book() { if { [[ -n x ]]; } 2>/dev/null && \\__rb_safe && set +xve && \\__rb_leave "$6" "$5" && \\__rb_dump "$4" && \\__rb_done "$@"; then [[ -n x ]]; ` +
      `elif [[ $1 == post ]]; then \\__rb_die "$2"; fi; }`,
    `__rb_safe() { if export -f builtin 2>/dev/null; then return 1; elif [[ $? != 1 ]]; then return 1; ` +
      `elif \\builtin unset -v __rb_seq __rb_script __rb_state RUNBOOK_STEP_TOKEN 2>/dev/null; then return 0; else return 1; fi; }`,
    // Leaving POSIX mode resets the five shopt options POSIX mode sets (and $BASHOPTS does not show
    // it): they are put back as $2 (BASHOPTS before) had them.
    `__rb_leave() { if [[ $1 == off ]]; then unset POSIXLY_CORRECT; ${shopts}; fi; [[ -n x ]]; }`,
    // The restore script: aliases last (they would rewrite the lines after them), functions just
    // before (a step's function named like a builtin must not run the lines before it); the options
    // come from SHELLOPTS/BASHOPTS in `declare -p` (optionLines).
    // The state file also carries the soft limits (`ulimit -S -a`, turned into commands by liveShell.ts for a restart).
    `__rb_dump() { { \\builtin printf '%s\\0' "$PWD" && \\builtin export -p && \\builtin printf '\\0' && \\builtin ulimit -S -a; } >|${d('state')} && ` +
      `{ \\builtin declare -p && \\builtin umask -p && \\builtin hash -l 2>/dev/null && ` +
      `\\__rb_dirs && \\builtin trap -p && \\__rb_fns && \\builtin alias -p; } >|${d('restore')}"$1"; }`,
    // The step's functions, not the executor's (a fresh shell defines its own): ~150 of the ~240 lines
    // `declare -f` would write, a write() each. The names go through a file (capturing them in a
    // variable would fork). compgen says 1 when no name is left; where it is missing (bash built
    // without programmable completion) every function is listed. In POSIX mode (which the dump's
    // POSIXLY_CORRECT turns on in a fresh shell) a name like `odd-name` is a fatal error: they are
    // defined with it off; optionLines turns it on again after them.
    `__rb_fns() { if [[ -o posix ]]; then \\builtin printf '%s\\n' '\\builtin set +o posix'; fi; ` +
      `if \\builtin enable compgen 2>/dev/null; then \\builtin compgen -A function -X '__rb_*' >|${d('fns')}; \\builtin local -a __rb_f && ` +
      `\\builtin mapfile -t __rb_f <${d('fns')} && if (( \${#__rb_f[@]} )); then \\builtin declare -pf -- "\${__rb_f[@]}"; fi; ` +
      `else \\builtin declare -f; fi; }`,
    // The directory stack below the current directory, rebuilt from the bottom with `pushd -n`.
    `__rb_dirs() { \\builtin set -- "\${DIRSTACK[@]:1}"; while [[ $# != 0 ]]; do \\builtin printf '\\\\builtin pushd -n -- %q >/dev/null\\n' "\${@: -1}"; \\builtin set -- "\${@:1:$#-1}"; done; }`,
    `__rb_done() { if [[ $1 == post ]]; then \\__rb_msg E "$3" "$4" "$2"; else \\builtin printf '%s %s' "$2" "$3" >|${d('exited')}; fi; }`,
    // Ends a shell that cannot go on safely, without a dump (the EXIT trap is cleared first).
    `__rb_die() { \\__rb_tell S "$1"; if [[ :$SHELLOPTS: == *:posix:* ]]; then trap - EXIT; exit "$1"; else \\builtin trap - EXIT; \\builtin exit "$1"; fi; }`,
    `readonly -f ${FUNCTIONS.join(' ')}`,
    EXIT_TRAP,
    `\\builtin shopt -s expand_aliases`,
    // bash before 4.4 lacks `\${var@a}`: it says `R old` and the run keeps one spawn per step.
    `if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 404 )); then \\builtin printf '%s R old\\n' ${f.nonce}; else ` +
      `\\builtin command ${shellQuote(mkfifo)} -m 600 ${ctl} ${fifos.map(shellQuote).join(' ')}; \\builtin printf '%s R %s\\n' ${f.nonce} "$?"; fi; \\builtin exec 1>/dev/null`,
    '',
  ].join('\n');
}

/** Creates FIFOs (one fork of mkfifo for a batch), then says `R <status>`. */
export function makeFifos(mkfifo: string, fifos: readonly string[]): string {
  return `\\builtin command ${shellQuote(mkfifo)} -m 600 ${fifos.map(shellQuote).join(' ')}; \\__rb_msg R "$?"\n`;
}

export interface StepLine {
  readonly files: ShellFiles;
  readonly script: string;
  readonly out: string;
  readonly err: string;
  readonly token: string;
  readonly seq: number;
  readonly slot: number;
  /** A step-level cwd: the step runs there (the executor brings the shell back before the next step). */
  readonly cwd?: string;
}

/** A word for a path: under the shell's or the run's directory it starts with their readonly variable. */
function pathWord(path: string, f: ShellFiles): string {
  for (const [dir, name] of [[f.dir, '__rb_d'], [f.scratch, '__rb_s']] as const) {
    if (path.startsWith(`${dir}/`)) {
      const rest = path.slice(dir.length + 1);
      return `"$${name}"/${/^[\w.-]+$/.test(rest) ? rest : shellQuote(rest)}`;
    }
  }
  return shellQuote(path);
}

/**
 * One step: its own stdout/stderr FIFOs and /dev/null stdin, sourced in the shell itself. The
 * trace key goes to `__rb_post` through `__rb_k`: a leaked xtrace shows it expanded.
 */
export function stepLine(s: StepLine): string {
  const script = pathWord(s.script, s.files);
  const run = `\\builtin . ${script} </dev/null >${pathWord(s.out, s.files)} 2>${pathWord(s.err, s.files)}`;
  const cd = s.cwd !== undefined ? `\\builtin cd -- ${shellQuote(s.cwd)} && ` : '';
  return `\\__rb_pre ${s.seq} ${script} ${s.token};${cd}${run};\\__rb_post $? ${s.seq} ${s.slot} "$__rb_k"\n`;
}

/**
 * Lines that take the shell from `shellEnv` (its exported variables as last dumped) to `target`
 * (the executor's state, changed by a step that ran elsewhere: interactive, another shell).
 * A readonly variable is left as it is (the error is not fatal: `builtin` is not a special builtin).
 */
export function syncLines(shellEnv: Readonly<Record<string, string>>, target: ShellState): string {
  const out: string[] = [];
  for (const name of Object.keys(shellEnv)) {
    if (!SHELL_OWNED.has(name) && NAME.test(name) && !(name in target.env)) out.push(`\\builtin unset -v ${name} 2>/dev/null`);
  }
  for (const [name, value] of Object.entries(target.env)) {
    if (SHELL_OWNED.has(name) || !NAME.test(name) || shellEnv[name] === value) continue;
    out.push(`\\builtin export ${name}=${shellQuote(value)} 2>/dev/null`);
  }
  out.push(`\\builtin cd -- ${shellQuote(target.cwd)} 2>/dev/null`);
  return out.join('\n') + '\n';
}

/**
 * Sources a saved restore script (a fresh shell taking over from one that ended). This shell's
 * own functions are readonly, so the dead shell's copies of them are refused; its EXIT trap is
 * set again (a step's EXIT trap ran when its shell ended and is not carried into a fresh one).
 */
export function restoreLine(path: string): string {
  return `\\builtin . ${shellQuote(path)} >/dev/null 2>&1; ${EXIT_TRAP}\n`;
}

/**
 * The `set -o` and `shopt` lines that give a fresh shell the options a dump had: the names come
 * from the start program's listing (`set +o`, `shopt -p`), which are on from SHELLOPTS and
 * BASHOPTS in the dump's `declare -p`. `allexport` is turned on only at the end, after the dump's
 * variables are declared (on before, it would export them all); `posix` too, after the dump's
 * functions (`__rb_fns` turns it off before them), followed again by the shopt options that
 * entering POSIX mode changes.
 */
export function optionLines(listing: string, restore: string): { before: string; after: string } {
  const on = (name: string) => new Set(new RegExp(`^declare -[a-zA-Z-]* ${name}="([^"\n]*)"$`, 'm').exec(restore)?.[1]?.split(':') ?? []);
  const shellOpts = on('SHELLOPTS');
  const bashOpts = on('BASHOPTS');
  let before = '';
  let posix = '';
  let allexport = '';
  for (const m of listing.matchAll(/^(set [-+]o|shopt -[su]) ([a-z_-]+)$/gm)) {
    const name = m[2]!;
    if (m[1]!.startsWith('set')) {
      const line = `\\builtin set ${shellOpts.has(name) ? '-' : '+'}o ${name}\n`;
      if (name === 'allexport') allexport = line;
      else if (name === 'posix') posix = line + posix;
      else before += line;
    } else {
      const line = `\\builtin shopt -${bashOpts.has(name) ? 's' : 'u'} ${name}\n`;
      before += line;
      if (POSIX_SHOPTS.split(' ').includes(name)) posix += line;
    }
  }
  // Without a listing or the two variables nothing is known: leave the fresh shell's options.
  return shellOpts.size + bashOpts.size === 0 ? { before: '', after: '' } : { before, after: posix + allexport };
}

/** The settable soft limits in `ulimit -S -a` output (`core file size (blocks, -c) 0`) as commands for a fresh shell. */
export function limitLines(ulimitA: string): string {
  let out = '';
  for (const m of ulimitA.matchAll(/-([a-zA-Z])\) +(\S+)$/gm)) {
    if (m[1] !== 'p' && /^(\d+|unlimited)$/.test(m[2]!)) out += `\\builtin ulimit -S -${m[1]} ${m[2]} 2>/dev/null\n`;
  }
  return out;
}
