// Run order, stops, confirm gates, manual checks, when=, expectations, attempts, observers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Executor, VariableResolutionError } from '../../src/core/executor';
import { checkStep, codeStep, host, makeExecutor, runbook, variable } from './executor-helpers';

const statuses = (s: { steps: readonly { id: string; status: string }[] }) => s.steps.map((x) => `${x.id}:${x.status}`);

test('run all stops at the first failure; later steps are not-run and reported to observers', async () => {
  const rb = runbook([codeStep('true', { id: 'a' }), codeStep('exit 2', { id: 'b' }), codeStep('true', { id: 'c' }), checkStep('d')]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'failed');
  assert.deepEqual(statuses(summary), ['a:passed', 'b:failed', 'c:not-run', 'd:not-run']);
  assert.deepEqual(recorder.events, ['start a #1', 'end a passed', 'start b #1', 'end b failed', 'end c not-run', 'end d not-run']);
});

test('continue-on-error lets the run go on (and the run passes)', async () => {
  const rb = runbook([codeStep('exit 2', { id: 'a', continueOnError: true }), codeStep('true', { id: 'b' })]);
  const summary = await makeExecutor(rb).executor.runAll();
  assert.deepEqual(statuses(summary), ['a:failed', 'b:passed']);
  assert.equal(summary.status, 'passed');
});

test('run from a step and run one step', async () => {
  const rb = runbook([codeStep('echo a', { id: 'a' }), codeStep('echo b', { id: 'b' }), codeStep('echo c', { id: 'c' })]);
  const { executor } = makeExecutor(rb);
  assert.deepEqual(statuses(await executor.runFrom('b')), ['b:passed', 'c:passed']);
  assert.deepEqual(statuses(await executor.runStep('a')), ['a:passed']);
  await assert.rejects(executor.runStep('zz'), /no step with id 'zz'/);
});

test('confirm: a yes runs the step, a no blocks it and stops the run', async () => {
  const rb = runbook([codeStep('echo go', { id: 'danger', confirm: 'Really?' }), codeStep('true', { id: 'next' })]);
  const yes = host({ confirm: true });
  const ran = await makeExecutor(rb, { host: yes }).executor.runAll();
  assert.deepEqual(statuses(ran), ['danger:passed', 'next:passed']);
  assert.deepEqual(yes.asked, ['confirm danger']);
  const { executor, recorder } = makeExecutor(rb, { host: host({ confirm: false }) });
  const blocked = await executor.runAll();
  assert.equal(blocked.status, 'blocked');
  assert.deepEqual(statuses(blocked), ['danger:blocked', 'next:not-run']);
  assert.equal(blocked.steps[0]!.reason, 'not confirmed');
  assert.ok(!recorder.events.includes('start danger #1'), 'a blocked step never starts');
});

test('manual checks are decided by the host and recorded; a failed check stops the run', async () => {
  const rb = runbook([checkStep('look'), codeStep('true', { id: 'after' })]);
  for (const [decision, expected] of [['passed', 'passed'], ['skipped', 'passed'], ['failed', 'failed']] as const) {
    const { executor, recorder } = makeExecutor(rb, { host: host({ check: decision }) });
    const summary = await executor.runAll();
    assert.equal(summary.status, expected);
    assert.equal(summary.steps[0]!.status, decision);
    assert.ok(recorder.events.includes(`check look ${decision}`));
  }
});

test('when=<other os> skips the step with the reason and the run goes on', async () => {
  const rb = runbook([codeStep('exit 1', { id: 'win', when: 'windows' }), codeStep('true', { id: 'b' })]);
  const summary = await makeExecutor(rb, { platform: 'linux' }).executor.runAll();
  assert.deepEqual(statuses(summary), ['win:skipped', 'b:passed']);
  assert.equal(summary.steps[0]!.reason, 'when=windows: this host is linux');
});

test('expect-exit and expect decide the status with a reason naming the expectation', async () => {
  const rb = runbook([
    codeStep('exit 3', { id: 'e3', expectExit: [0, 3] }),
    codeStep('echo status: active', { id: 'ok', expect: '^status: (active|running)$' }),
    codeStep('echo status: failed', { id: 'bad', expect: 'active', continueOnError: true }),
    codeStep('exit 1', { id: 'code', expectExit: [0, 2] }),
  ]);
  const summary = await makeExecutor(rb).executor.runAll();
  assert.deepEqual(statuses(summary), ['e3:passed', 'ok:passed', 'bad:failed', 'code:failed']);
  assert.equal(summary.steps[2]!.reason, 'the output does not match expect /active/');
  assert.equal(summary.steps[3]!.reason, 'exit code 1 is not in expect-exit (0, 2)');
});

test('attempts count per step and continue after a resumed session\'s attempts', async () => {
  const rb = runbook([codeStep('true', { id: 'a' })]);
  const paths: string[] = [];
  const { executor, recorder } = makeExecutor(rb, {
    tuning: { previousAttempts: { a: 2 }, killGraceMs: 300 },
    outputPath: (id, n) => {
      paths.push(`${id}.${n}`);
      return `/tmp/rb-exec-attempts-${process.pid}-${id}.${n}.log`;
    },
  });
  await executor.runStep('a');
  await executor.runStep('a');
  assert.deepEqual(recorder.events.filter((e) => e.startsWith('start')), ['start a #3', 'start a #4']);
  assert.deepEqual(paths, ['a.3', 'a.4']);
});

test('an observer that throws is reported and does not stop the run', async () => {
  const errors: unknown[] = [];
  const rb = runbook([codeStep('echo x', { id: 'a' }), codeStep('true', { id: 'b' })]);
  const { executor } = makeExecutor(rb, {
    observers: [{ onStepEnd: () => Promise.reject(new Error('disk full')), onOutput: () => { throw new Error('ui gone'); } }],
    onObserverError: (e) => errors.push((e as Error).message),
  });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.deepEqual([...new Set(errors)].sort(), ['disk full', 'ui gone']);
});

test('one run at a time per executor', async () => {
  const rb = runbook([codeStep('sleep 0.2', { id: 'a' })]);
  const { executor } = makeExecutor(rb);
  const first = executor.runAll();
  await assert.rejects(executor.runAll(), /a run is already in progress/);
  assert.equal((await first).status, 'passed');
});

test('invalid variables are refused before anything runs', () => {
  const rb = runbook([codeStep('touch /tmp/should-not-run')], { variables: [variable('HOST', { required: true })] });
  assert.throws(
    () => new Executor({ runbook: rb, baseDir: '/tmp', variables: {}, outputPath: () => '/dev/null', host: host() }),
    (e: unknown) => e instanceof VariableResolutionError && e.errors[0]!.name === 'HOST',
  );
});

test('cancel while a confirm question is open ends that step as cancelled', async () => {
  const rb = runbook([codeStep('echo never', { id: 'gate', confirm: 'Sure?' }), codeStep('true', { id: 'after' })]);
  let asked!: () => void;
  const question = new Promise<void>((r) => (asked = r));
  const { executor } = makeExecutor(rb, {
    host: { confirm: () => (asked(), new Promise<boolean>(() => undefined)), decideCheck: async () => 'skipped' },
  });
  const running = executor.runAll();
  await question;
  executor.cancel();
  const summary = await running;
  assert.equal(summary.status, 'cancelled');
  assert.deepEqual(statuses(summary), ['gate:cancelled', 'after:not-run']);
});
