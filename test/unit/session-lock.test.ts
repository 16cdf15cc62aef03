// One writer per session: two `runbook run --resume SAME` started together must never both run.
// The loser exits 2 naming the holder (pid, host, since); the log stays one chain that verifies.
// A stale lock (dead pid, or a pid now used by another process) is taken over, by one racer only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunbook } from '../../src/core/format/parse';
import { openNewSession } from '../../src/core/session';
import { processStart, readLock, releaseLock, SessionLockedError, takeLock } from '../../src/core/session/lock';
import { outcome, writeOutput } from '../fixtures/session/record';
import { runCliProcess, startCli, type CliChild } from './reliability-cli';

const HOLDER = /the session is being written by process (\d+) on (\S+) since (\d{4}-\d\d-\d\dT[\d:.]+Z)/;

/** A pid that is not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** An unfinished session (step `one` passed, `two` not run, no lock) to copy for each round. */
async function template(root: string, go: string): Promise<{ book: string; text: string; session: string }> {
  const text = `# Race\n\n\`\`\`bash {#one}\necho one\n\`\`\`\n\n\`\`\`bash {#two}\necho running-two\nwhile [ ! -e '${go}' ]; do sleep 0.02; done\necho two-done\n\`\`\`\n`;
  const book = join(root, 'book.md');
  writeFileSync(book, text);
  const session = await openNewSession({ sessionsDir: join(root, 'template'), runbookPath: book, runbookText: text, variables: {}, secretNames: [], tool: { name: 'test', version: '0' } });
  const one = parseRunbook(text).steps[0]!;
  assert.ok(one.kind === 'code');
  await session.onStepStart?.(one, 1);
  const out = await writeOutput(session, 'one', 1, 'one\n');
  await session.onStepEnd?.(one, outcome(one, 'passed', out));
  await releaseLock(session.dir);
  return { book, text, session: session.dir };
}

const never = new Promise<never>(() => undefined);
const started = (c: CliChild) => c.waitFor(/running-two/).then(() => true, () => never);

test('20 rounds of two `run --resume SAME` racing: exactly one runs, the other exits 2 naming the holder; one chain that verifies', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rb-lock-race-'));
  const go = join(root, 'go');
  const { session: tpl } = await template(root, go);
  const dead = await deadPid();
  for (let round = 0; round < 20; round++) {
    const dir = join(root, 'sessions', `s${round}`);
    cpSync(tpl, dir, { recursive: true });
    rmSync(go, { force: true });
    // Odd rounds race for a stale lock (its process is gone), even rounds for a free session.
    if (round % 2 === 1) writeFileSync(join(dir, 'session.lock'), JSON.stringify({ pid: dead, host: hostname(), start: '1', since: '2026-01-01T00:00:00.000Z' }));
    const a = startCli(['run', 'book.md', '--yes', '--sessions', join(root, 'sessions'), '--resume', dir], { cwd: root });
    const b = startCli(['run', 'book.md', '--yes', '--sessions', join(root, 'sessions'), '--resume', dir], { cwd: root });
    // Wait until one gives up, or (the bug) both are running the step.
    const first = await Promise.race([a.exited.then(() => 'one exited'), b.exited.then(() => 'one exited'), Promise.all([started(a), started(b)]).then(() => 'both running')]);
    writeFileSync(go, '');
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    const outputs = [a.output(), b.output()];
    assert.equal(first, 'one exited', `round ${round}: both processes ran the step:\n${outputs.join('\n---\n')}`);
    assert.deepEqual([ra.code, rb.code].sort(), [0, 2], `round ${round}:\n${outputs.join('\n---\n')}`);
    const loser = ra.code === 2 ? outputs[0]! : outputs[1]!;
    const loserChild = ra.code === 2 ? a : b;
    // The loser names the holder: the lock's pid and host, or (when the winner's run host is
    // already up) that run host, with how to follow it.
    const m = HOLDER.exec(loser) ?? /the session is live in run host (\d+); follow it with runbook attach/.exec(loser);
    assert.ok(m, `round ${round}: the loser does not name the holder: ${loser}`);
    assert.notEqual(Number(m[1]), loserChild.child.pid);
    assert.ok(Number(m[1]) > 0);
    if (m[2] !== undefined) assert.equal(m[2], hostname());
    const log = readFileSync(join(dir, 'events.jsonl'), 'utf8');
    assert.equal(log.match(/"type":"session-resumed"/g)?.length, 1, `round ${round}: two writers resumed`);
    assert.equal(log.match(/"type":"step-start","prev":"[0-9a-f]+","stepId":"two"/g)?.length, 1);
    assert.deepEqual(readdirSync(join(dir, 'outputs')).sort(), ['one.1.log', 'two.1.log']);
    const v = await runCliProcess(['verify', dir], root);
    assert.equal(v.code, 0, `round ${round}: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /ended passed/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('session.lock')), [], 'no lock or lock temp file is left behind');
  }
});

test('a lock whose pid is alive but whose start time differs (a recycled pid) is stale and taken over; a live holder is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-lock-'));
  // A live process that is not the writer: the pid is ours, the start time is not.
  writeFileSync(join(dir, 'session.lock'), JSON.stringify({ pid: process.pid, host: hostname(), start: '1', since: '2026-01-01T00:00:00.000Z', nonce: 'x' }));
  const sleeper = spawn('sleep', ['30']);
  try {
    const other = mkdtempSync(join(tmpdir(), 'rb-lock-'));
    const since = '2026-11-30T10:00:00.000Z';
    writeFileSync(join(other, 'session.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), start: processStart(sleeper.pid!), since }));
    await assert.rejects(takeLock(other), (error: unknown) => {
      assert.ok(error instanceof SessionLockedError);
      assert.equal(error.message, `${other}: the session is being written by process ${sleeper.pid} on ${hostname()} since ${since}; finish or close that run first (or start a new session)`);
      return true;
    });
    // The same pid with another start time: that writer is gone (its pid was reused).
    writeFileSync(join(other, 'session.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), start: '12345', since }));
    await takeLock(other);
    assert.equal((await readLock(other))?.pid, process.pid);
  } finally {
    sleeper.kill();
  }
  await takeLock(dir);
  const lock = await readLock(dir);
  assert.equal(lock?.pid, process.pid);
  assert.equal(lock?.start, processStart(process.pid));
  assert.match(lock?.since ?? '', /^\d{4}-/);
  // A lock on another host cannot be probed: it counts as live.
  const remote = mkdtempSync(join(tmpdir(), 'rb-lock-'));
  writeFileSync(join(remote, 'session.lock'), JSON.stringify({ pid: await deadPid(), host: 'some-other-host', since: '2026-11-30T10:00:00.000Z' }));
  await assert.rejects(takeLock(remote), /being written by process \d+ on some-other-host since 2026-11-30T10:00:00.000Z/);
});
