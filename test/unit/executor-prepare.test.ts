// Executor.prepare(): the run host readies a run while its client attaches — the scratch
// directory and the live shell start before the first step, and nothing of the runbook runs
// until run() is called; dispose() ends what was readied when no run follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeStep, makeExecutor, runbook, until } from './executor-helpers';
import type { ExecutionObserver } from '../../src/core/executor';
import { liveProcesses } from '../harness/processes';

/** Live bash processes whose parent is this test process (the live shell: `bash -s`). */
function ourShells(): number[] {
  return liveProcesses().filter((p) => p.ppid === process.pid && /(^|\/)bash -s$/.test(p.cmdline)).map((p) => p.pid);
}

function scratchDirs(base: string): string[] {
  return readdirSync(base).filter((n) => n.startsWith('runbook-'));
}

test('prepare() starts the live shell before any step, runs nothing, and the first bash step runs in that shell', async () => {
  let output = '';
  const observer: ExecutionObserver = { onOutput: (_id, chunks) => (output += chunks.map((c) => c.text).join('')) };
  const { executor, dir } = makeExecutor(runbook([codeStep('touch ran; echo "PID=$$"', { id: 'a' })]), { observers: [observer] });
  const before = new Set(ourShells());
  executor.prepare();
  await until(() => ourShells().some((pid) => !before.has(pid)), 'the prepared shell to start');
  const shell = ourShells().find((pid) => !before.has(pid))!;
  assert.equal(existsSync(join(dir, 'ran')), false, 'nothing of the runbook ran');
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.equal(existsSync(join(dir, 'ran')), true);
  assert.match(output, new RegExp(`PID=${shell}\\n`), 'the step ran in the shell prepare() started');
  await until(() => !ourShells().includes(shell), 'the shell to end with the run');
});

test('prepare() then dispose() without a run: the shell ends and the scratch directory goes', async () => {
  const base = mkdtempSync(join(tmpdir(), 'runbook-prepare-'));
  const { executor, dir } = makeExecutor(runbook([codeStep('touch ran', { id: 'a' })]), { tuning: { killGraceMs: 300, scratchDir: base } });
  const before = new Set(ourShells());
  executor.prepare();
  assert.equal(scratchDirs(base).length, 1, "the run's scratch directory is made ahead of it");
  await until(() => ourShells().some((pid) => !before.has(pid)), 'the prepared shell to start');
  const shell = ourShells().find((pid) => !before.has(pid))!;
  await executor.dispose();
  await until(() => !ourShells().includes(shell), 'the prepared shell to end');
  assert.deepEqual(scratchDirs(base), []);
  assert.equal(existsSync(join(dir, 'ran')), false);
  rmSync(base, { recursive: true, force: true });
});

test('prepare() starts no shell when no step would run in one (sh steps run one spawn each), and the run still works', async () => {
  const { executor, dir } = makeExecutor(runbook([codeStep('touch ran', { id: 's', runner: 'sh' })]));
  const before = new Set(ourShells());
  executor.prepare();
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.equal(existsSync(join(dir, 'ran')), true);
  assert.deepEqual(ourShells().filter((pid) => !before.has(pid)), []);
});
