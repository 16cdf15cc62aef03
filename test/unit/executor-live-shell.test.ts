// The live bash shell (src/core/executor/liveShell.ts) against real processes: what carries over
// from step to step as in a terminal, what happens when a step ends its shell or is stopped, and
// that each step is still its own job (output, exit code, processes, secrets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeStep, makeExecutor, Recorder, runbook, tempDir, until, variable } from './executor-helpers';
import { makeFifos, restoreLine, startProgram, stepLine, syncLines } from '../../src/core/executor/liveShellScript';
import type { ExecutionObserver } from '../../src/core/executor';

/** Pids of live processes whose environment holds RUNBOOK_STEP_TOKEN=token (the step's mark). */
function carryingMark(token: string): number[] {
  const entry = `RUNBOOK_STEP_TOKEN=${token}\0`;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (/\) [ZX] /.test(stat)) continue;
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(`\0${entry}`)) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

/** Resolves with what a step prints as `KEY=value` (shell pid, token) once it is printed. */
function printed(key: string): { observer: ExecutionObserver; value: Promise<string> } {
  let resolve!: (v: string) => void;
  const value = new Promise<string>((r) => (resolve = r));
  let seen = '';
  return {
    value,
    observer: {
      onOutput: (_id, chunks) => {
        seen += chunks.map((c) => c.text).join('');
        const m = new RegExp(`${key}=(\\S+)\\n`).exec(seen);
        if (m) resolve(m[1]!);
      },
    },
  };
}

test('functions, aliases, shell options, unexported variables and umask carry over to the next bash step', async () => {
  const rb = runbook([
    codeStep("greet() { echo \"hi $1\"; }\nalias ll='echo aliased'\nset -o pipefail\nshopt -s nullglob\nlocalvar='not exported'\ndeclare -a list=(a 'b c')\numask 027\necho \"PID=$$\"", { id: 'a' }),
    codeStep('greet there\nll\nfalse | true; echo "pipe=$?"\necho "glob=[$(echo /nonexistent-*)]"\necho "$localvar ${list[1]}"\numask\necho "PID=$$"', { id: 'b' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', JSON.stringify(summary.steps));
  const pid = /PID=(\d+)/.exec(recorder.text('a'))![1];
  assert.equal(recorder.text('b'), `hi there\naliased\npipe=1\nglob=[]\nnot exported b c\n0027\nPID=${pid}\n`);
});

test('set -e, set -x and set -v last for their own step only', async () => {
  const rb = runbook([
    codeStep('set -exv\ntrue', { id: 'a' }),
    codeStep('false\necho "still here $-"', { id: 'b' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', JSON.stringify(summary.steps));
  assert.match(recorder.text('b'), /^still here [^exv]*\n$/);
});

test('exit 3 is recorded as exit 3; the next step gets a fresh shell that still has the state', async () => {
  const rb = runbook([
    codeStep('f() { echo "f says $1"; }\nalias say=echo\nset -o pipefail\nv=kept\nexport E=exported\ncd /tmp\necho "PID=$$"\nexit 3', { id: 'a', continueOnError: true }),
    codeStep('f ok; say "$v $E $PWD"\nfalse | true; echo "pipe=$?"\necho "PID=$$"', { id: 'b' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['failed', 3], ['passed', 0]]);
  assert.equal(summary.steps[0]!.reason, 'exit code 3 is not in expect-exit (0)');
  const [before, after] = ['a', 'b'].map((id) => /PID=(\d+)/.exec(recorder.text(id))![1]);
  assert.notEqual(before, after, 'a fresh shell');
  assert.equal(recorder.text('b').replace(/PID=\d+\n/, ''), 'f says ok\nkept exported /tmp\npipe=1\n');
});

test('exec and kill $$ end the shell: recorded with the real exit code or signal; the next step has the last good state', async () => {
  const rb = runbook([
    codeStep('g() { echo g; }', { id: 'def' }),
    codeStep('exec bash -c "exit 4"', { id: 'x', continueOnError: true }),
    codeStep('w=1\nkill -9 $$', { id: 'k', continueOnError: true }),
    codeStep('g; echo "w=${w-unset}"', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['passed', 0], ['failed', 4], ['failed', null], ['passed', 0]]);
  assert.equal(summary.steps[2]!.reason, 'killed by SIGKILL');
  // The killed step never dumped its state: `w` is not there, the function from before is.
  assert.equal(recorder.text('c'), 'g\nw=unset\n');
});

test('after kill $$ the fresh shell has the step\'s functions with their attributes (readonly, exported, a name only bash allows)', async () => {
  const rb = runbook([
    codeStep('ro() { echo ro; }; readonly -f ro\nex() { echo ex; }; export -f ex\nodd-name() { echo odd; }', { id: 'def' }),
    codeStep('kill -9 $$', { id: 'k', continueOnError: true }),
    codeStep('ro; ex; odd-name; declare -F | grep -v " __rb_"; bash -c ex', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => s.status), ['passed', 'failed', 'passed']);
  assert.equal(recorder.text('c'), 'ro\nex\nodd\ndeclare -fx ex\ndeclare -f odd-name\ndeclare -fr ro\nex\n');
});

test('after kill $$ a step left in POSIX mode gets it back, with a function name POSIX mode forbids and the shopt options set after it', async () => {
  // Restored in that order, POSIXLY_CORRECT in the dump turned POSIX mode on before the function,
  // whose name is then a fatal error: the fresh shell died and the next step failed with exit 2.
  const rb = runbook([
    codeStep('odd-name() { echo odd; }\nset -o posix\nshopt -u inherit_errexit', { id: 'def' }),
    codeStep('kill -9 $$', { id: 'k', continueOnError: true }),
    codeStep('odd-name; [[ -o posix ]] && echo posix; shopt -q inherit_errexit || echo "no inherit_errexit"', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['passed', 0], ['failed', null], ['passed', 0]]);
  assert.equal(recorder.text('c'), 'odd\nposix\nno inherit_errexit\n');
});

test('after kill $$ the fresh shell has the last dump\'s set -o and shopt options (read from SHELLOPTS/BASHOPTS), allexport without exporting the rest', async () => {
  const rb = runbook([
    codeStep('shopt -s extglob nocasematch\nset -o noglob -o pipefail\nm() { [[ $1 == @(yes|y) ]] && echo match; }\nplain=1', { id: 'a' }),
    codeStep('set -a', { id: 'b' }),
    codeStep('kill -9 $$', { id: 'k', continueOnError: true }),
    codeStep('m YES; shopt -q nocasematch && echo nocase; [[ -o noglob ]] && echo noglob; [[ -o pipefail ]] && echo pipefail\n[[ -o allexport ]] && echo allexport; echo "plain=$plain exported=$(env | grep -c \'^plain=\')"', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => s.status), ['passed', 'passed', 'failed', 'passed']);
  assert.equal(recorder.text('c'), 'match\nnocase\nnoglob\npipefail\nallexport\nplain=1 exported=0\n');
});

test('cancel of a builtin loop: cancelled, nothing of the step is left, the next run gets a fresh shell with the state', async () => {
  const mark = printed('MARK');
  const pid = printed('PID');
  const rb = runbook([
    codeStep('h() { echo "h still here"; }', { id: 'def' }),
    codeStep('echo "PID=$$"; echo "MARK=$RUNBOOK_STEP_TOKEN"; while :; do :; done', { id: 'loop' }),
    codeStep('h', { id: 'after' }),
  ]);
  const recorder = new Recorder();
  const { executor } = makeExecutor(rb, { observers: [mark.observer, pid.observer, recorder] });
  const running = executor.runAll();
  const [token, shell] = [await mark.value, Number(await pid.value)];
  executor.cancel();
  const summary = await running;
  assert.deepEqual(summary.steps.map((s) => s.status), ['passed', 'cancelled', 'not-run']);
  assert.equal(alive(shell), false, 'the busy shell was ended');
  assert.deepEqual(carryingMark(token), []);
  const next = await executor.runStep('after');
  assert.equal(next.status, 'passed');
  assert.equal(recorder.text('after'), 'h still here\n');
});

test('cancel of `sleep 1000 &` + wait: cancelled, no process carries the step mark, the next step works', async () => {
  const mark = printed('MARK');
  const rb = runbook([
    codeStep('echo "MARK=$RUNBOOK_STEP_TOKEN"\nsleep 1000 &\n( sleep 1000 ) &\nsetsid sleep 1000 &\nwait', { id: 'w' }),
    codeStep('echo next', { id: 'n' }),
  ]);
  const recorder = new Recorder();
  const { executor } = makeExecutor(rb, { observers: [mark.observer, recorder] });
  const running = executor.runAll();
  const token = await mark.value;
  await until(() => carryingMark(token).length >= 2, 'the sleeps are running');
  executor.cancel();
  const summary = await running;
  assert.deepEqual(summary.steps.map((s) => s.status), ['cancelled', 'not-run']);
  assert.deepEqual(carryingMark(token), []);
  assert.equal((await executor.runStep('n')).status, 'passed');
  assert.equal(recorder.text('n'), 'next\n');
});

test('a timeout ends the step (a builtin loop, or a child); the next step still has the state', async () => {
  const rb = runbook([
    codeStep('keep=yes', { id: 'set' }),
    codeStep('while :; do :; done', { id: 'spin', timeoutMs: 300, continueOnError: true }),
    codeStep('sleep 1000', { id: 'sleep', timeoutMs: 300, continueOnError: true }),
    codeStep('echo "keep=$keep"', { id: 'after' }),
  ]);
  const { executor, recorder } = makeExecutor(rb, { tuning: { killGraceMs: 200 } });
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => s.status), ['passed', 'timed-out', 'timed-out', 'passed']);
  assert.equal(summary.steps[1]!.reason, 'timed out after 300 ms');
  assert.equal(recorder.text('after'), 'keep=yes\n');
});

test('output a step leaves behind never lands in the next step: each step has its own streams', async () => {
  const rb = runbook([
    codeStep('(sleep 0.2; echo late) &\n(trap "" TERM; sleep 0.2; echo late-too) &\necho first', { id: 'a' }),
    codeStep('sleep 0.5; echo second', { id: 'b' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.match(recorder.text('a'), /^first\n/);
  assert.equal(recorder.text('b'), 'second\n');
  assert.equal(readFileSync(summary.steps[1]!.output!.path ?? '', 'utf8'), 'second\n');
});

test('stdout and stderr stay apart, exit codes and expectations are the step\'s own', async () => {
  const rb = runbook([
    codeStep('echo out; echo err >&2; (exit 5)', { id: 'a', expectExit: [5], expect: 'out' }),
    codeStep('echo "prev=$?"; false', { id: 'b', continueOnError: true }),
    codeStep('read -r x && echo "got $x" || echo eof', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['passed', 5], ['failed', 1], ['passed', 0]]);
  const chunks = recorder.outputs.get('a')!;
  assert.equal(chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join(''), 'out\n');
  assert.equal(chunks.filter((c) => c.stream === 'stderr').map((c) => c.text).join(''), 'err\n');
  assert.equal(recorder.text('c'), 'eof\n');
});

test('secrets stay masked in what a function from an earlier step prints, and in declare -p', async () => {
  const rb = runbook(
    [codeStep('show() { echo "token is $API_KEY"; }\nlocal_copy="$API_KEY"', { id: 'a' }), codeStep('show\ndeclare -p local_copy', { id: 'b' })],
    { variables: [variable('API_KEY', { secret: true })] },
  );
  const { executor, recorder } = makeExecutor(rb, { variables: { API_KEY: 's3cr3t-value' } });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.equal(recorder.text('b'), 'token is ••••••\ndeclare -- local_copy="••••••"\n');
  assert.doesNotMatch(readFileSync(summary.steps[1]!.output!.path!, 'utf8'), /s3cr3t/);
});

test('steps in other interpreters in between: their env and cwd changes reach the live shell', async () => {
  const rb = runbook([
    codeStep('hidden=1; export KEEP=1 GONE=1', { id: 'a' }),
    codeStep('export FROM_SH=2; unset GONE; cd /', { id: 'b', runner: 'sh' }),
    codeStep('echo "$hidden $KEEP ${GONE-unset} $FROM_SH $PWD"', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  assert.equal((await executor.runAll()).status, 'passed');
  assert.equal(recorder.text('c'), '1 1 unset 2 /\n');
});

test('the state carries across runs (run one step, then another), and RUNBOOK_SHELL_SESSION=0 turns live shells off', async () => {
  const steps = [codeStep('f() { echo "f from before"; }; export X=1', { id: 'one' }), codeStep('type f >/dev/null 2>&1 && f || echo "no f $X"', { id: 'two' })];
  const live = makeExecutor(runbook(steps));
  await live.executor.runStep('one');
  await live.executor.runStep('two');
  assert.equal(live.recorder.text('two'), 'f from before\n');
  const off = makeExecutor(runbook(steps), { env: { ...process.env, RUNBOOK_SHELL_SESSION: '0' } });
  await off.executor.runAll();
  assert.equal(off.recorder.text('two'), 'no f 1\n');
});

test('every line the executor sends parses as bash (bash -s would only skip a line with a syntax error)', () => {
  const files = { dir: "/tmp/it's here/shell1", scratch: "/tmp/it's here", ctl: "/tmp/it's here/shell1/ctl", nonce: '0123456789abcdef', traceKey: 'fedcba9876543210' };
  const lines = [
    startProgram(files, '/usr/bin/mkfifo', ['/tmp/a b/fifo0', '/tmp/a b/fifo1']),
    makeFifos('/usr/bin/mkfifo', ['/tmp/f2']),
    stepLine({ files, script: "/tmp/a'b.sh", out: '/tmp/o', err: '/tmp/e', token: 'tok', seq: 3, slot: 1, cwd: '/tmp/c d' }),
    stepLine({ files, script: "/tmp/it's here/3.sh", out: "/tmp/it's here/shell1/fifo0", err: "/tmp/it's here/shell1/a b", token: 'tok', seq: 3, slot: 0 }),
    syncLines({ GONE: '1', SAME: 'x' }, { cwd: '/', env: { SAME: 'x', NEW: "it's" } }),
    restoreLine('/tmp/restore-saved'),
  ];
  for (const text of lines) execFileSync('bash', ['-n'], { input: text });
});

test('a step that exports nothing leaves the executor state as it was (not parsed again); an export is seen', async () => {
  const rb = runbook([codeStep('export A=1', { id: 'a' }), codeStep('local_only=1; f() { :; }', { id: 'b' }), codeStep('export B=2', { id: 'c' })]);
  const seen = new Map<string, unknown>();
  const made = makeExecutor(rb, { observers: [{ onStepEnd: (step) => void seen.set(step.id, made.executor.shellState) }] });
  assert.equal((await made.executor.runAll()).status, 'passed');
  assert.equal(seen.get('b'), seen.get('a'), 'the same state object: nothing exported changed');
  assert.notEqual(seen.get('c'), seen.get('a'));
  assert.equal(made.executor.shellState.env.B, '2');
  assert.equal(made.executor.shellState.env.A, '1');
});

test('a live shell that cannot start (mkfifo fails) leaves the run on one spawn per step, steps still pass', async () => {
  const bin = tempDir('rb-nofifo-');
  writeFileSync(join(bin, 'mkfifo'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  const rb = runbook([codeStep('f() { :; }; export X=1; echo "PID=$$"', { id: 'a' }), codeStep('type -t f || echo "no f $X"; echo "PID=$$"', { id: 'b' })]);
  const { executor, recorder } = makeExecutor(rb, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal((await executor.runAll()).status, 'passed');
  assert.match(recorder.text('b'), /^no f 1\n/);
  const [a, b] = ['a', 'b'].map((id) => /PID=(\d+)/.exec(recorder.text(id))![1]);
  assert.notEqual(a, b, 'one process per step');
});
