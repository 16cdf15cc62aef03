// Steps that attack the live bash's protocol (src/core/executor/liveShellScript.ts), each against
// real processes: redefined or disabled builtins, the executor's own names, traps, options, file
// descriptors, aliases, limits. For each, the step is recorded with its real status and the next
// step runs — either in the same shell, which kept what the step did (as a terminal would), or in
// a fresh shell restored from the state before the step — and no step's output holds the
// executor's own text. A regression shows as a timed-out step, never as a hang of the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeStep, makeExecutor, runbook, tempDir } from './executor-helpers';

interface Case {
  /** The attacking step. */
  readonly code: string;
  readonly status: 'passed' | 'failed';
  /** Its exit code (null: unknown, with `reason`). */
  readonly exitCode: number | null;
  readonly reason?: RegExp;
  /** 'same': the next step runs in the same shell and sees what the step did (`sees`); 'fresh': a new shell with the state from before. */
  readonly shell: 'same' | 'fresh';
  /** Shell code for the next step whose output (after the common part) must equal `seen`. */
  readonly sees?: string;
  readonly seen?: string;
  /** What the attacking step itself prints (exactly), when it prints. */
  readonly prints?: string;
}

const gone = tempDir('rb-adv-gone-');

const cases: Record<string, Case> = {
  'redefining an executor function is refused with a message, the shell goes on': {
    code: '__rb_post() { :; }', status: 'failed', exitCode: 1, shell: 'same',
    sees: 'unset -f __rb_dump 2>&1 | grep -c readonly', seen: '1\n',
  },
  'unsetting the executor per-step names: the next step still runs': {
    code: 'unset __rb_seq __rb_script __rb_state RUNBOOK_STEP_TOKEN', status: 'passed', exitCode: 0, shell: 'same',
  },
  'builtins redefined as functions stay, as in a terminal (the executor calls \\builtin)': {
    code: 'printf() { :; }\necho() { builtin echo "$@"; }\ncommand() { :; }\ndeclare() { :; }\nread() { :; }\ntrap() { :; }\nset() { :; }\ncd() { :; }\nexit() { :; }\nexport() { :; }\nunset() { :; }\n:() { builtin echo colon; }',
    status: 'passed', exitCode: 0, shell: 'same',
    sees: 'type -t printf echo read trap exit :', seen: 'function\nfunction\nfunction\nfunction\nfunction\nfunction\n',
  },
  'a function named builtin that hangs: recorded exit 0, a fresh shell without it': {
    code: 'builtin() { sleep 1000; }', status: 'passed', exitCode: 0, shell: 'fresh',
    sees: 'type -t builtin', seen: 'builtin\n',
  },
  'a function named builtin, then a failing command: the step keeps its exit code': {
    code: 'builtin() { :; }\n(exit 7)', status: 'failed', exitCode: 7, shell: 'fresh',
  },
  'enable -n printf: a fresh shell where printf works': {
    code: 'enable -n printf', status: 'passed', exitCode: 0, shell: 'fresh', sees: 'printf "%s\\n" ok', seen: 'ok\n',
  },
  'enable -n builtin export set unset exit: a fresh shell, the exit code kept': {
    code: 'enable -n builtin export set unset exit\nfalse', status: 'failed', exitCode: 1, shell: 'fresh',
  },
  'IFS changed: carried, the executor unaffected': {
    code: 'IFS=x', status: 'passed', exitCode: 0, shell: 'same', sees: 'printf "[%s]\\n" "$IFS"', seen: '[x]\n',
  },
  // The step is sourced: its trace shows one level more than in a terminal (PS4's first character twice).
  'set -x with BASH_XTRACEFD on the step output: only the step\'s own trace shows': {
    code: "exec 7>&1\nBASH_XTRACEFD=7\nPS4='TRACE: '\nset -x\ntrue", status: 'passed', exitCode: 0, shell: 'same', prints: 'TTRACE: true\n',
  },
  'exec >file, exec 2>&-, exec 1>&-: the next step has its own output again': {
    code: `exec >${gone}/junk.out\nexec 2>&-\nexec 1>&-`, status: 'passed', exitCode: 0, shell: 'same',
  },
  'closing every descriptor from 3 to 40 (the shell\'s saved copies too)': {
    code: 'for fd in {3..40}; do eval "exec $fd>&-" 2>/dev/null; done\ntrue', status: 'passed', exitCode: 0, shell: 'fresh',
  },
  // Without functrace bash drops a DEBUG trap set in a sourced file when it returns (docs/executor.md).
  'a DEBUG trap with functrace: carried, and it runs before the executor\'s commands harmlessly': {
    code: "set -T\ntrap ': dbg' DEBUG", status: 'passed', exitCode: 0, shell: 'same', sees: 'trap -p DEBUG | wc -l', seen: '1\n',
  },
  'extdebug and a DEBUG trap that fails (every command skipped): failed with a reason, a fresh shell': {
    code: "shopt -s extdebug\ntrap 'false' DEBUG", status: 'failed', exitCode: null, reason: /unable to run commands/, shell: 'fresh',
    sees: 'shopt -q extdebug && echo on || echo off', seen: 'off\n',
  },
  'RETURN and ERR traps with functrace/errtrace: carried': {
    code: "set -o functrace -o errtrace\ntrap 'rets=$((rets+1))' RETURN\ntrap 'errs=$((errs+1))' ERR", status: 'passed', exitCode: 0, shell: 'same',
    sees: 'false || true; trap -p ERR RETURN | wc -l', seen: '2\n',
  },
  'set -u and set -o posix carry over; set -e lasts for its step': {
    code: 'set -e -u\nset -o posix', status: 'passed', exitCode: 0, shell: 'same',
    sees: 'false; [[ -o nounset && -o posix && ! -o errexit ]] && echo kept', seen: 'kept\n',
  },
  'readonly executor names: a fresh shell, the exit code kept': {
    code: 'readonly __rb_seq __rb_script __rb_state RUNBOOK_STEP_TOKEN\n(exit 3)', status: 'failed', exitCode: 3, shell: 'fresh',
  },
  'POSIX mode and readonly executor names (a failed assignment would end the shell)': {
    code: 'set -o posix\nreadonly __rb_seq', status: 'passed', exitCode: 0, shell: 'fresh',
  },
  'a readonly POSIXLY_CORRECT (POSIX mode cannot be entered): status told, a fresh shell': {
    code: 'readonly POSIXLY_CORRECT\n(exit 6)', status: 'failed', exitCode: 6, shell: 'fresh',
  },
  'aliases of the words the executor uses: carried, the executor unaffected': {
    code: "alias builtin='echo ALIAS' printf='echo ALIAS' '{'='echo ALIAS' if='echo ALIAS' then='echo ALIAS' .='echo ALIAS' __rb_post='echo ALIAS'",
    status: 'passed', exitCode: 0, shell: 'same', sees: 'alias | grep -c ALIAS', seen: '7\n',
  },
  'cd into a directory that is then removed: the next step runs there, as in a terminal': {
    code: `mkdir ${gone}/sub\ncd ${gone}/sub\nrmdir ${gone}/sub`, status: 'passed', exitCode: 0, shell: 'same',
    sees: 'echo "$PWD"', seen: `${gone}/sub\n`,
  },
  'a 1 MB exported environment': {
    code: 'x=$(printf "%0500d" 0)\nfor i in {1..2000}; do export "BIG_$i=$x"; done', status: 'passed', exitCode: 0, shell: 'same',
    sees: 'env | grep -c ^BIG_', seen: '2000\n',
  },
  'ulimit -n 8: carried, as in a terminal (bash still finds descriptors for the executor)': {
    code: 'ulimit -S -n 8', status: 'passed', exitCode: 0, shell: 'same', sees: 'ulimit -S -n', seen: '8\n',
  },
  'ulimit -n 3 (no descriptor left for the executor): recorded, a fresh shell with the old limit': {
    code: 'ulimit -S -n 3', status: 'passed', exitCode: 0, shell: 'fresh', sees: '[[ $(ulimit -S -n) != 3 ]] && echo restored', seen: 'restored\n',
  },
  'set -C (noclobber): carried, the dumps still written': {
    code: 'set -C', status: 'passed', exitCode: 0, shell: 'same', sees: '[[ -o noclobber ]] && echo on', seen: 'on\n',
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(name, async () => {
    const rb = runbook([
      codeStep('keep=yes; kept() { echo "kept $keep"; }; echo "PID=$$"', { id: 'before', timeoutMs: 20_000 }),
      codeStep(c.code, { id: 'attack', timeoutMs: 20_000, continueOnError: true, expectExit: [0] }),
      codeStep(`kept; echo "PID=$$"; ${c.sees ?? ':'}`, { id: 'after', timeoutMs: 20_000 }),
    ]);
    const { executor, recorder } = makeExecutor(rb);
    const summary = await executor.runAll();
    const [, attack, after] = summary.steps;
    assert.deepEqual([attack!.status, attack!.exitCode], [c.status, c.exitCode], JSON.stringify(attack));
    if (c.reason) assert.match(attack!.reason ?? '', c.reason);
    assert.equal(after!.status, 'passed', JSON.stringify(after));
    const pid = (id: string) => /PID=(\d+)/.exec(recorder.text(id))?.[1];
    if (c.shell === 'same') assert.equal(pid('after'), pid('before'), 'the same shell');
    else assert.notEqual(pid('after'), pid('before'), 'a fresh shell');
    const rest = recorder.text('after').replace(/^kept yes\nPID=\d+\n/, '');
    assert.equal(rest, c.seen ?? '', recorder.text('after'));
    if (c.prints !== undefined) assert.equal(recorder.text('attack'), c.prints);
    for (const id of c.code.includes('__rb_') ? ['before', 'after'] : ['before', 'attack', 'after']) assert.doesNotMatch(recorder.text(id), /__rb_(pre|post|end|book|msg|dump)|\\builtin/, id);
  });
}

test('restored after a restart: traps, soft limits, the directory stack, hash; not the step\'s EXIT trap', async () => {
  const rb = runbook([
    codeStep(`trap 'echo int' INT\nulimit -S -f 100000\ncd /\npushd -n /usr >/dev/null\npushd -n "${gone}" >/dev/null\nhash -p /bin/true mytrue\ntrap 'echo bye' EXIT\necho "PID=$$"`, { id: 'set' }),
    codeStep('kill -9 $$', { id: 'kill', continueOnError: true }),
    codeStep('echo "PID=$$"; trap -p INT; ulimit -S -f; dirs -l -p; hash -t mytrue; trap -p EXIT | grep -c bye', { id: 'check', continueOnError: true }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['passed', 0], ['failed', null], ['failed', 1]]);
  const [before, after] = ['set', 'check'].map((id) => /PID=(\d+)/.exec(recorder.text(id))![1]);
  assert.notEqual(before, after, 'a fresh shell');
  assert.equal(recorder.text('check').replace(/^PID=\d+\n/, ''), `trap -- 'echo int' SIGINT\n100000\n/\n${gone}\n/usr\n/bin/true\n0\n`);
});

test('a step that exits: its state (traps, limits) carries into the fresh shell', async () => {
  const rb = runbook([
    codeStep("trap 'echo term' TERM\nulimit -S -f 100000\nexit 3", { id: 'leave', continueOnError: true }),
    codeStep('trap -p TERM; ulimit -S -f', { id: 'check' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['failed', 3], ['passed', 0]]);
  assert.equal(recorder.text('check'), "trap -- 'echo term' SIGTERM\n100000\n");
});
