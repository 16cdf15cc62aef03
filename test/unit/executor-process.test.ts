// Process lifetime against real processes: background children, timeouts, cancel, stdin,
// missing interpreters. "No process survives" is checked in /proc by process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { codeStep, makeExecutor, processesInGroup, runbook, until } from './executor-helpers';
import type { ExecutionObserver } from '../../src/core/executor';

/** Observer that resolves with the step's shell pid (= its process group id) once printed. */
function pidCatcher(): { observer: ExecutionObserver; pid: Promise<number> } {
  let resolve!: (pid: number) => void;
  const pid = new Promise<number>((r) => (resolve = r));
  let seen = '';
  return {
    pid,
    observer: {
      onOutput: (_id, chunks) => {
        seen += chunks.map((c) => c.text).join('');
        const m = /PGID=(\d+)\n/.exec(seen);
        if (m) resolve(Number(m[1]));
      },
    },
  };
}

const TREE = 'echo "PGID=$$"\nsleep 100 &\n( sleep 100; echo never ) &\nbash -c "sleep 100" &\n';
const TERM_IGNORING = `trap '' TERM; sleep 100 & while :; do sleep 0.05; done`;

test('a step that leaves background children ends when its main process exits; the children are killed', async () => {
  const catcher = pidCatcher();
  const rb = runbook([codeStep(`${TREE}echo done`, { id: 'bg' })]);
  const { executor } = makeExecutor(rb, { observers: [catcher.observer] });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.match(summary.steps[0]!.output!.tail, /done\n$/);
  assert.deepEqual(processesInGroup(await catcher.pid), []);
});

test('timeout kills the whole process group (SIGTERM, then SIGKILL for a TERM-ignoring step)', async () => {
  for (const code of [`${TREE}wait`, `echo "PGID=$$"\n${TERM_IGNORING}`]) {
    const catcher = pidCatcher();
    const rb = runbook([codeStep(code, { id: 't', timeoutMs: 500 }), codeStep('echo next', { id: 'n' })]);
    const { executor } = makeExecutor(rb, { observers: [catcher.observer], tuning: { killGraceMs: 200 } });
    const summary = await executor.runAll();
    assert.deepEqual(summary.steps.map((s) => s.status), ['timed-out', 'not-run']);
    assert.equal(summary.steps[0]!.reason, 'timed out after 500 ms');
    assert.equal(summary.steps[1]!.reason, 'the run stopped at step t');
    assert.equal(summary.status, 'failed');
    assert.deepEqual(processesInGroup(await catcher.pid), []);
  }
});

test('cancel kills the running step\'s process group: cancelled, the rest not-run', async () => {
  const catcher = pidCatcher();
  const rb = runbook([codeStep(`${TREE}wait`, { id: 'c' }), codeStep('echo next', { id: 'n' })]);
  const made = makeExecutor(rb);
  const { executor } = makeExecutor(rb, { observers: [catcher.observer, made.recorder] });
  const running = executor.runAll();
  const pgid = await catcher.pid;
  // The step's pid is known as soon as it spawns; its background jobs start a moment later.
  await until(() => processesInGroup(pgid).length >= 3, 'the tree is running');
  executor.cancel();
  const summary = await running;
  assert.equal(summary.status, 'cancelled');
  assert.deepEqual(summary.steps.map((s) => s.status), ['cancelled', 'not-run']);
  assert.deepEqual(processesInGroup(pgid), []);
  assert.deepEqual(made.recorder.events, ['start c #1', 'end c cancelled', 'end n not-run']);
});

test('stdin is closed: a read gets end-of-file instead of hanging', async () => {
  const rb = runbook([codeStep('if read -r line; then echo "got $line"; else echo eof; fi', { id: 'r' })]);
  const { executor, recorder } = makeExecutor(rb);
  await executor.runAll();
  assert.equal(recorder.text('r'), 'eof\n');
});

test('a missing interpreter fails that step with a one-line reason', async () => {
  const rb = runbook([codeStep('true', { id: 'z', shell: 'zsh' })]);
  const { executor } = makeExecutor(rb, { env: { PATH: '/nonexistent' } });
  const summary = await executor.runAll();
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.equal(summary.steps[0]!.reason, 'zsh is not installed on this host');
});

test('an interactive step without a terminal-capable host fails with a reason; with one, it gets the command', async () => {
  const rb = runbook([codeStep('export I=1; exit 4', { id: 'i', interactive: true, expectExit: [4] }), codeStep('echo "I=$I"', { id: 'after' })]);
  const bare = makeExecutor(rb);
  const failed = await bare.executor.runAll();
  assert.equal(failed.steps[0]!.reason, 'interactive steps need a terminal, and this host has none');

  const { spawnSync } = await import('node:child_process');
  const commands: string[] = [];
  const withTerminal = makeExecutor(rb, {
    host: {
      confirm: async () => true,
      decideCheck: async () => 'skipped',
      runInteractive: async (_step, command) => {
        commands.push(command.file);
        return spawnSync(command.file, [...command.args], { cwd: command.cwd, env: command.env, stdio: 'ignore' }).status;
      },
    },
  });
  const summary = await withTerminal.executor.runAll();
  assert.equal(commands.length, 1);
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['passed', 4], ['passed', 0]]);
  assert.equal(withTerminal.recorder.text('after'), 'I=1\n');
});

test('a kept background child (keep-background) that holds the pipes cannot hang the step', async () => {
  const rb = runbook([codeStep('setsid sleep 100 &\necho "ESCAPED=$!"', { id: 'esc', keepBackground: true })]);
  const { executor } = makeExecutor(rb, { tuning: { killGraceMs: 200 } });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  const pid = Number(/ESCAPED=(\d+)/.exec(summary.steps[0]!.output!.tail)![1]);
  // keep-background: it survives the step; clean it up here.
  assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), 'sleep\u0000100\u0000');
  process.kill(pid, 'SIGKILL');
});

test('without keep-background a setsid child that holds the pipes is ended with the step', async () => {
  const rb = runbook([codeStep('setsid sleep 100 &\necho "ESCAPED=$!"', { id: 'esc' })]);
  const { executor } = makeExecutor(rb, { tuning: { killGraceMs: 200 } });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  const pid = Number(/ESCAPED=(\d+)/.exec(summary.steps[0]!.output!.tail)![1]);
  const state = () => { try { return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))![1]; } catch { return 'gone'; } };
  assert.ok(['gone', 'Z'].includes(state()!), `the setsid child is still ${state()}`);
});

test('a timeout beyond Node’s timer limit (600h) does not fire at once', async () => {
  // setTimeout fires immediately for delays over 2^31-1 ms; the executor chains its timers.
  const rb = runbook([codeStep('sleep 0.3; echo finished', { id: 'long', timeoutMs: 600 * 3_600_000 })]);
  const { executor } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.steps[0]!.status, 'passed', summary.steps[0]!.reason);
  assert.match(summary.steps[0]!.output!.tail, /finished/);
});
