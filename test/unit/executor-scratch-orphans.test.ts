// Scratch directories left by killed processes (src/core/executor/scratchDir.ts): the state dumps
// in them hold the environment, so a later process removes those whose process is gone — and
// nothing else: not a live process's, not another pid namespace's, not an older Runbook's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeScratchDir, sweepOrphans } from '../../src/core/executor/scratchDir';
import { codeStep, makeExecutor, runbook, until } from './executor-helpers';

const namespace = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))![1]!;

/** A pid that no process has now: one of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

function scratchLike(base: string, name: string): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'shell1'), { recursive: true });
  writeFileSync(join(dir, 'shell1', 'state'), 'declare -x TOKEN="secret"\n', { mode: 0o600 });
  return name;
}

test("sweepOrphans removes a dead process's scratch directory and leaves a live one's, another namespace's and an old one's", async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'rb-scratch-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const live = spawn('sleep', ['30']);
  t.after(() => live.kill('SIGKILL'));
  const dead = deadPid();
  const orphan = scratchLike(base, `runbook-${namespace}-${dead}-AbC123`);
  const kept = [
    scratchLike(base, `runbook-${namespace}-${live.pid}-DeF456`),
    scratchLike(base, `runbook-${namespace}-${process.pid}-GhI789`),
    scratchLike(base, `runbook-${Number(namespace) + 1}-${dead}-JkL012`),
    scratchLike(base, 'runbook-MnO345'),
    'unrelated',
  ];
  writeFileSync(join(base, 'unrelated'), '');
  assert.equal(await sweepOrphans(base), 1);
  assert.deepEqual(readdirSync(base).sort(), kept.sort(), `${orphan} removed, the rest kept`);
});

test("a run's scratch directory is named for its process, and the first run of a process sweeps its base", async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'rb-scratch-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const orphan = scratchLike(base, `runbook-${namespace}-${deadPid()}-PqR678`);
  const { executor } = makeExecutor(runbook([codeStep('echo "$PWD" >/dev/null', { id: 'a' })]), { tuning: { killGraceMs: 300, scratchDir: base } });
  executor.prepare();
  const made = readdirSync(base).filter((n) => n !== orphan);
  assert.equal(made.length, 1);
  assert.match(made[0]!, new RegExp(`^runbook-${namespace}-${process.pid}-`));
  await until(() => !readdirSync(base).includes(orphan), 'the orphan swept');
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.deepEqual(readdirSync(base), [], "the run's own directory is removed at its end");
  assert.ok(makeScratchDir(base).startsWith(join(base, `runbook-${namespace}-${process.pid}-`)));
});
