// Group commit: one fsync per step on the common path, and still no event shown before it is on
// disk. The log's writes and fsyncs are wrapped (logFileSystem, the injectable seam) to count fsyncs and
// to know, at every moment, how many written bytes an fsync has covered.
import { strict as assert } from 'node:assert';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { CodeStep, Step } from '../../src/core/format/model';
import type { StepOutcome } from '../../src/core/executor/types';
import { openNewSession, readSessionState, type Session } from '../../src/core/session';
import { parseLog } from '../../src/core/session/chain';
import { groupCommit, logFileSystem } from '../../src/core/session/log-writer';
import { verifyEvidence } from '../../src/core/evidence';
import { codeStep, makeExecutor, runbook, tempDir } from './executor-helpers';

/** What the wrapped log writes saw: fsync calls, bytes written, bytes an fsync has covered. */
const disk = { syncs: 0, written: 0, synced: 0 };
const real = { ...logFileSystem };

beforeEach(() => {
  Object.assign(disk, { syncs: 0, written: 0, synced: 0 });
  logFileSystem.write = (fd, bytes, offset, length) => {
    const written = real.write(fd, bytes, offset, length);
    disk.written += written;
    return written;
  };
  logFileSystem.sync = (fd) => {
    const covered = disk.written;
    real.sync(fd);
    disk.syncs += 1;
    disk.synced = covered;
  };
});
afterEach(() => {
  Object.assign(logFileSystem, real);
});

async function newSession(): Promise<{ session: Session; root: string }> {
  const root = tempDir('rb-group-');
  const session = await openNewSession({ sessionsDir: root, runbookPath: join(root, 'rb.md'), runbookText: '# t\n', variables: {}, secretNames: [], tool: { name: 'test', version: '0' } });
  return { session, root };
}

/** An observer after the session that shows a step's end the way the run host does: after whenDurable(). */
function display(session: Session, shown: string[], unsafe: string[]) {
  return {
    onStepStart(step: CodeStep): void {
      // Step starts are fsync'd before the observers run (and before the process starts).
      if (disk.synced !== disk.written) unsafe.push(`start ${step.id}`);
      shown.push(`start ${step.id}`);
    },
    onStepEnd(step: Step, _outcome: StepOutcome): void {
      // The session (the observer before) has written the step's end: these bytes must be synced when shown.
      const written = disk.written;
      void session.whenDurable!().then(() => {
        if (disk.synced < written) unsafe.push(`end ${step.id}`);
        shown.push(`end ${step.id}`);
      });
    },
  };
}

async function runSteps(count: number, grouped: boolean) {
  const { session, root } = await newSession();
  if (grouped) session.groupStepEnds!();
  const steps = Array.from({ length: count }, (_, i) => codeStep('true', { id: `s${i}` }));
  const shown: string[] = [];
  const unsafe: string[] = [];
  const syncsBefore = disk.syncs;
  const { executor } = makeExecutor(runbook(steps), { observers: [session, display(session, shown, unsafe)], outputPath: (id, attempt) => session.outputPath(id, attempt) });
  const summary = await executor.runAll();
  await session.end(summary.status);
  return { session, root, shown, unsafe, stepSyncs: disk.syncs - syncsBefore, summary };
}

test('grouped: a run of 20 steps costs one fsync per step plus one for the session end', async (t) => {
  // The count must not depend on this machine's speed: no step end may wait so long that the
  // timer syncs it alone (in production that only costs an extra fsync, never safety).
  const wait = groupCommit.maxWaitMs;
  groupCommit.maxWaitMs = 600_000;
  t.after(() => { groupCommit.maxWaitMs = wait; });
  const { session, root, shown, unsafe, stepSyncs, summary } = await runSteps(20, true);
  assert.equal(summary.status, 'passed');
  // Each step start covers the previous step's end; the session end covers the last one.
  assert.equal(stepSyncs, 20 + 1);
  assert.deepEqual(unsafe, [], 'every event was on disk before it was shown');
  assert.equal(shown.filter((s) => s.startsWith('end')).length, 20);
  assert.equal(disk.synced, disk.written, 'nothing left unsynced');
  const events = parseLog(await readFile(join(session.dir, 'events.jsonl'), 'utf8'), 'events.jsonl').events;
  assert.equal(events.filter((e) => e.type === 'step-end').length, 20);
  assert.equal((await verifyEvidence(session.dir)).ok, true);
  await rm(root, { recursive: true, force: true });
});

test('not grouped (the default: the extension and in-process runs): two fsyncs per step', async () => {
  const { root, unsafe, stepSyncs } = await runSteps(10, false);
  assert.equal(stepSyncs, 2 * 10 + 1);
  assert.deepEqual(unsafe, []);
  await rm(root, { recursive: true, force: true });
});

test('grouped: a step end with nothing after it is still made durable (timer), before it is shown', async () => {
  const { session, root } = await newSession();
  session.groupStepEnds!();
  const step = codeStep('true', { id: 'only' });
  const shown: string[] = [];
  const unsafe: string[] = [];
  const { executor } = makeExecutor(runbook([step]), { observers: [session, display(session, shown, unsafe)], outputPath: (id, attempt) => session.outputPath(id, attempt) });
  await executor.runAll();
  // No session end, no further step: the end waits for the group timer, not forever.
  await session.whenDurable!();
  assert.equal(disk.synced, disk.written);
  assert.deepEqual(unsafe, []);
  // A crash now (no session-end) still finds the step's end in the log.
  const state = await readSessionState(session.dir);
  assert.equal(state.steps.only?.status, 'passed');
  await session.release();
  await rm(root, { recursive: true, force: true });
});
