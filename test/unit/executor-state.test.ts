// Shell state carry-over, cwd handling and variables as environment, against real shells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../../src/core/executor/which';
import { codeStep, makeExecutor, runbook, variable } from './executor-helpers';

const hasZsh = Boolean(findExecutable('zsh', process.env, process.platform));

for (const shell of ['bash', 'sh', 'zsh'] as const) {
  test(`${shell}: exported variables and cd carry over to the next shell step`, { skip: shell === 'zsh' && !hasZsh && 'zsh not installed' }, async () => {
    const rb = runbook([
      codeStep('export GREETING="hello world"\nexport MULTI="a\nb=c"\nmkdir -p sub && cd sub', { runner: shell, id: 'a' }),
      codeStep('printf "%s|%s|%s" "$GREETING" "$MULTI" "$(pwd)"', { runner: shell, id: 'b' }),
    ]);
    const { executor, recorder, dir } = makeExecutor(rb);
    const summary = await executor.runAll();
    assert.equal(summary.status, 'passed', JSON.stringify(summary));
    assert.equal(recorder.text('b'), `hello world|a\nb=c|${join(realpathSync(dir), 'sub')}`);
  });
}

test('unset in one step is carried over too; shell-internal variables are not', async () => {
  const rb = runbook([codeStep('unset DROPME', { id: 'a' }), codeStep('echo "[${DROPME-unset}] $SHLVL"', { id: 'b' })]);
  const { executor, recorder } = makeExecutor(rb, { env: { ...process.env, DROPME: 'x', SHLVL: '7' } });
  await executor.runAll();
  assert.equal(recorder.text('b'), '[unset] 1\n');
});

test('python and node steps receive the current env and cwd', async () => {
  const rb = runbook([
    codeStep('export FROM_SHELL=42; cd /', { id: 'a' }),
    codeStep('import os; print(os.environ["FROM_SHELL"], os.getcwd())', { runner: 'python', id: 'py' }),
    codeStep('console.log(process.env.FROM_SHELL, process.cwd())', { runner: 'node', id: 'js' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  assert.equal((await executor.runAll()).status, 'passed');
  assert.equal(recorder.text('py'), '42 /\n');
  assert.equal(recorder.text('js'), '42 /\n');
});

test('set -e inside a step stops it with the failing command\'s exit code; exit N is kept', async () => {
  const rb = runbook([
    codeStep('set -e\necho before\nfalse\necho after', { id: 'e', continueOnError: true }),
    codeStep('(exit 7)\necho $?; exit 42', { id: 'x', expectExit: [42] }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.exitCode]), [['failed', 1], ['passed', 42]]);
  assert.equal(recorder.text('e'), 'before\n');
  assert.equal(summary.steps[0]!.reason, 'exit code 1 is not in expect-exit (0)');
});

test('state set before a failure still carries (as in a terminal); a killed step keeps the previous state', async () => {
  const rb = runbook([
    codeStep('export A=1; exit 3', { id: 'a', continueOnError: true }),
    codeStep('export A=2; kill -9 $$', { id: 'b', continueOnError: true }),
    codeStep('echo "A=$A"', { id: 'c' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.deepEqual(summary.steps.map((s) => s.status), ['failed', 'failed', 'passed']);
  assert.equal(summary.steps[1]!.reason, 'killed by SIGKILL');
  assert.equal(recorder.text('c'), 'A=1\n');
});

test('front-matter cwd is the starting directory; a step cwd applies to that step only', async () => {
  const rb = runbook(
    [codeStep('pwd', { id: 'a' }), codeStep('pwd; cd /', { id: 'b', cwd: 'other' }), codeStep('pwd', { id: 'c' })],
    { cwd: 'work' },
  );
  const { executor, recorder, dir } = makeExecutor(rb);
  mkdirSync(join(dir, 'work'));
  mkdirSync(join(dir, 'other'));
  assert.equal((await executor.runAll()).status, 'passed');
  assert.equal(recorder.text('a'), `${join(dir, 'work')}\n`);
  assert.equal(recorder.text('b'), `${join(dir, 'other')}\n`);
  assert.equal(recorder.text('c'), `${join(dir, 'work')}\n`);
});

test('a missing working directory fails the step with the path in the reason', async () => {
  const rb = runbook([codeStep('true', { cwd: 'nope' })]);
  const { executor, dir } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.equal(summary.steps[0]!.reason, `working directory ${join(dir, 'nope')} does not exist`);
});

test('variables arrive as environment variables and are never spliced into the code', async () => {
  const rb = runbook([codeStep('printf "%s" "$NAME"', { id: 'a' })], { variables: [variable('NAME', { default: 'x' })] });
  const evil = '$(touch /tmp/runbook-should-not-exist); `id`';
  const { executor, recorder } = makeExecutor(rb, { variables: { NAME: evil } });
  assert.equal((await executor.runAll()).status, 'passed');
  assert.equal(recorder.text('a'), evil);
});

test('the executor keeps state between runs (runStep after runStep)', async () => {
  const rb = runbook([codeStep('export N=5', { id: 'a' }), codeStep('echo $((N+1))', { id: 'b' })]);
  const { executor, recorder } = makeExecutor(rb);
  await executor.runStep('a');
  await executor.runStep('b');
  assert.equal(recorder.text('b'), '6\n');
  assert.equal(executor.shellState.env.N, '5');
});
