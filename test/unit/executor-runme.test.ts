// Runme compatibility in the executor: excludeFromRunAll steps are passed over by Run all and
// Run from here but run by hand; any shell runs when installed (POSIX ones carry state over,
// others run the script as is); a missing one fails with "not installed on this host".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeStep, makeExecutor, runbook, tempDir } from './executor-helpers';
import { findExecutable } from '../../src/core/executor/which';

test('Run all and Run from here pass over excludeFromRunAll steps; running one by hand works', async () => {
  const steps = [
    codeStep('echo one', { id: 'one' }),
    codeStep('echo wiped', { id: 'wipe', excludeFromRunAll: true }),
    codeStep('echo three', { id: 'three' }),
  ];
  const all = makeExecutor(runbook(steps));
  const summary = await all.executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.deepEqual(summary.steps.map((s) => s.id), ['one', 'three']);
  assert.deepEqual(all.recorder.events, ['start one #1', 'end one passed', 'start three #1', 'end three passed']);

  const from = makeExecutor(runbook(steps));
  assert.deepEqual((await from.executor.runFrom('one')).steps.map((s) => s.id), ['one', 'three']);
  assert.deepEqual((await from.executor.runFrom('wipe')).steps.map((s) => s.id), ['three']);

  const byHand = makeExecutor(runbook(steps));
  const one = await byHand.executor.runStep('wipe');
  assert.deepEqual([one.status, byHand.recorder.text('wipe')], ['passed', 'wiped\n']);
});

/** A directory holding `name` → an existing program, to stand in for a shell this host lacks. */
function fakeShell(name: string, target: string): string {
  const dir = tempDir('rb-shells-');
  symlinkSync(target, join(dir, name));
  return dir;
}

const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

test('a POSIX shell named in shell= (ksh here) runs in the state wrapper: exports and cd carry over', async () => {
  const sh = findExecutable('sh', process.env, process.platform)!;
  const dir = fakeShell('ksh', sh);
  const work = tempDir('rb-ksh-cwd-');
  const env = { ...process.env, PATH: `${dir}:${SYSTEM_PATH}` };
  const rb = runbook([
    codeStep(`export CARRIED=from-ksh\ncd ${work}\necho "$0"`, { id: 'first', runner: 'other-shell', shell: 'ksh' }),
    codeStep('echo "$CARRIED in $PWD"', { id: 'second', runner: 'other-shell', shell: 'ksh' }),
  ]);
  const { executor, recorder } = makeExecutor(rb, { env });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', JSON.stringify(summary));
  assert.equal(recorder.text('first'), 'ksh\n', 'the wrapper names the shell as $0');
  assert.equal(recorder.text('second'), `from-ksh in ${work}\n`);
  assert.equal(executor.shellState.env.CARRIED, 'from-ksh');
});

test('the front-matter shell runs `shell` fences; a non-POSIX shell runs the script itself, carrying nothing back', async () => {
  const dir = tempDir('rb-fish-');
  // Stands in for fish: prints its arguments and the script it was given.
  const fish = join(dir, 'fish');
  writeFileSync(fish, '#!/bin/sh\necho "fish got $# arg"\ncat "$1"\n');
  chmodSync(fish, 0o755);
  const env = { ...process.env, PATH: `${dir}:${SYSTEM_PATH}` };
  const rb = runbook([codeStep('set -x CARRIED yes', { id: 'fishy', runner: 'other-shell', lang: 'shell' })], { shell: 'fish' });
  const { executor, recorder } = makeExecutor(rb, { env });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', JSON.stringify(summary));
  assert.equal(recorder.text('fishy'), 'fish got 1 arg\nset -x CARRIED yes\n');
  assert.equal(executor.shellState.env.CARRIED, undefined);
});

test('a shell that is not installed fails the step with a clear reason', async () => {
  const empty = tempDir('rb-noshell-');
  mkdirSync(join(empty, 'bin'));
  const rb = runbook([
    codeStep('echo hi', { id: 'ksh', runner: 'other-shell', shell: 'ksh', continueOnError: true }),
    codeStep('echo hi', { id: 'fish', runner: 'other-shell', shell: 'fish' }),
  ]);
  const summary = await makeExecutor(rb, { env: { PATH: join(empty, 'bin') } }).executor.runAll();
  assert.deepEqual(summary.steps.map((s) => [s.status, s.reason]), [['failed', 'ksh is not installed on this host'], ['failed', 'fish is not installed on this host']]);
});
