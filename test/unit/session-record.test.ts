// Recording and replaying sessions: directory layout, replay, notes/checks, interruption, resume, listing.
import { strict as assert } from 'node:assert';
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { listSessions, readSessionState, resumeSession } from '../../src/core/session';
import { staleSteps } from '../../src/core/run';
import { parseLog } from '../../src/core/session/chain';
import { verifyEvidence } from '../../src/core/evidence';
import { FIXTURE, outcome, recordSession, writeOutput, tempDir } from '../fixtures/session/record';

const tmp = () => tempDir('rb-sess-');
const events = async (dir: string) => parseLog(await readFile(join(dir, 'events.jsonl'), 'utf8'), 'events.jsonl').events;
/** What a crash leaves: the writer is gone, its lock names a dead process. */
const simulateCrash = (dir: string) => writeFile(join(dir, 'session.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));

test('a session directory is named runbook_timestamp_host_random and holds the log, a runbook copy and outputs', async () => {
  const root = await tmp();
  const { dir, text } = await recordSession({ sessionsDir: root });
  const name = dir.slice(root.length + 1);
  assert.match(name, /^deploy_\d{8}T\d{6}Z_build-host_[0-9a-f]{6}$/);
  assert.deepEqual((await readdir(dir)).sort(), ['events.jsonl', 'outputs', 'runbook.md']);
  assert.equal(await readFile(join(dir, 'runbook.md'), 'utf8'), text); // no secret in this text: copied as is
  assert.equal(await readFile(FIXTURE, 'utf8'), text, 'the runbook file is never modified');
  const ev = await events(dir);
  assert.deepEqual(ev.map((e) => e.type), ['session-start', 'step-start', 'output', 'step-end', 'step-start', 'output', 'step-end', 'check', 'step-start', 'output', 'step-end', 'note', 'session-end']);
  const start = ev[0]!;
  assert.ok(start.type === 'session-start');
  assert.equal(start.user, 'alice');
  assert.equal(start.title, 'Deploy the web tier');
  assert.equal(start.os.platform, process.platform);
  assert.equal((await verifyEvidence(dir)).ok, true);
});

test('two sessions of the same runbook started together get two directories', async () => {
  const root = await tmp();
  const [a, b] = await Promise.all([recordSession({ sessionsDir: root }), recordSession({ sessionsDir: root })]);
  assert.notEqual(a.dir, b.dir);
  assert.equal((await readdir(root)).length, 2);
  for (const s of [a, b]) assert.equal((await verifyEvidence(s.dir)).ok, true);
});

test('replay gives status, exit code, attempts, latest note and check per step', async () => {
  const root = await tmp();
  const { session, dir } = await recordSession({ sessionsDir: root, statuses: { rotate: 'failed' }, open: true });
  const steps = parseRunbook(await readFile(FIXTURE, 'utf8')).steps;
  const rotate = steps.find((s) => s.id === 'rotate')!;
  assert.ok(rotate.kind === 'code');
  // A retry: attempt 2 passes.
  await session.onStepStart?.(rotate, 2);
  await session.onStepEnd?.(rotate, outcome(rotate, 'passed', await writeOutput(session, 'rotate', 2, 'fine\n')));
  await session.addNote('rotate', 'first version');
  await session.addNote('rotate', 'edited version', 'bob');
  await session.setCheck('confirm-check-1', false, 'bob');
  await session.skipStep('restart', 'done by hand');
  let state = await readSessionState(dir);
  assert.equal(state.status, 'running');
  assert.equal(state.steps.rotate?.status, 'passed');
  assert.equal(state.steps.rotate?.attempts, 2);
  assert.equal(state.steps.rotate?.exitCode, 0);
  assert.equal(state.steps.rotate?.note, 'edited version');
  assert.equal(state.steps.rotate?.noteAuthor, 'bob');
  assert.match(state.steps.rotate?.outputPath ?? '', /outputs\/rotate\.2\.log$/);
  assert.equal(state.steps['confirm-check-1']?.checked, false);
  assert.equal(state.steps.restart?.status, 'skipped');
  assert.equal(state.steps.restart?.reason, 'done by hand');
  // Edits append: both note versions stay in the log.
  assert.equal((await events(dir)).filter((e) => e.type === 'note' && e.stepId === 'rotate').length, 2);
  await session.end('passed');
  state = await readSessionState(dir);
  assert.equal(state.status, 'passed');
  assert.ok(state.endedAt);
  await assert.rejects(session.addNote('rotate', 'too late'), /closed/);
});

test('a step started but never ended is interrupted once its process is gone', async () => {
  const root = await tmp();
  const { dir } = await recordSession({ sessionsDir: root, crashInStep: 'rotate' });
  assert.equal((await readSessionState(dir)).steps.rotate?.status, 'running', 'our own live process holds it');
  await simulateCrash(dir);
  const state = await readSessionState(dir);
  assert.equal(state.status, 'interrupted');
  assert.equal(state.steps.rotate?.status, 'interrupted');
  assert.equal(state.steps.health?.status, 'passed');
});

test('a torn last line is read up to it and reported; resume drops it, records it and continues the chain', async () => {
  const root = await tmp();
  const { dir, text } = await recordSession({ sessionsDir: root, crashInStep: 'rotate' });
  await simulateCrash(dir);
  const torn = '{"seq":6,"time":"2026-11-29T00:00:00.000Z","type":"no';
  await appendFile(join(dir, 'events.jsonl'), torn);
  const state = await readSessionState(dir);
  assert.equal(state.torn, true);
  assert.equal(state.status, 'interrupted');
  assert.equal(state.steps.rotate?.status, 'interrupted');
  assert.equal((await verifyEvidence(dir)).ok, false);

  const session = await resumeSession(dir, text);
  const ev = await events(dir);
  const resumed = ev.at(-1)!;
  assert.ok(resumed.type === 'session-resumed');
  assert.equal(resumed.discardedBytes, Buffer.byteLength(torn));
  assert.deepEqual(resumed.staleSteps, []);
  const restart = parseRunbook(text).steps.find((s) => s.id === 'rotate')!;
  assert.ok(restart.kind === 'code');
  await session.onStepStart?.(restart, 2);
  await session.onStepEnd?.(restart, outcome(restart, 'passed', await writeOutput(session, 'rotate', 2, 'again\n')));
  await session.end('passed');
  const after = await readSessionState(dir);
  assert.equal(after.torn, false);
  assert.equal(after.steps.rotate?.status, 'passed');
  assert.equal(after.steps.rotate?.attempts, 2);
  assert.match((await verifyEvidence(dir)).message, /^intact: .*ended passed/);
  await assert.rejects(resumeSession(dir, text), /ended \(passed\).*start a new run/);
});

test('resume refuses while another live process writes the session', async () => {
  const root = await tmp();
  const { dir, text } = await recordSession({ sessionsDir: root, open: true });
  await writeFile(join(dir, 'session.lock'), JSON.stringify({ pid: process.ppid, host: hostname() }));
  await assert.rejects(resumeSession(dir, text), /being written by process/);
});

test('resuming with a changed runbook keeps a new copy and marks steps whose code changed as stale', async () => {
  const root = await tmp();
  const { dir, text } = await recordSession({ sessionsDir: root, open: true });
  await simulateCrash(dir);
  const changed = text.replace('logrotate -f /etc/logrotate.d/web', 'logrotate -vf /etc/logrotate.d/web');
  const session = await resumeSession(dir, changed);
  const resumed = (await events(dir)).at(-1)!;
  assert.ok(resumed.type === 'session-resumed');
  assert.deepEqual(resumed.staleSteps, ['rotate']);
  assert.equal(resumed.snapshot?.file, 'runbook.2.md');
  assert.equal(await readFile(join(dir, 'runbook.2.md'), 'utf8'), changed);
  const state = await readSessionState(dir);
  assert.deepEqual(staleSteps(state.steps, parseRunbook(changed)), ['rotate']);
  assert.deepEqual(staleSteps(state.steps, parseRunbook(text)), []);
  await session.end('passed');
  assert.equal((await verifyEvidence(dir)).ok, true);
});

test('listSessions: newest first, filtered by runbook, damaged directories skipped', async () => {
  const root = await tmp();
  const a = await recordSession({ sessionsDir: root });
  const b = await recordSession({ sessionsDir: root, text: '# Other\n\n```bash\necho hi\n```\n' });
  await writeFile(join(root, 'stray.txt'), 'x');
  await rm(join(root, 'missing'), { force: true });
  const all = await listSessions(root);
  assert.equal(all.length, 2);
  assert.ok(all[0]!.startedAt >= all[1]!.startedAt);
  const mine = await listSessions(root, FIXTURE);
  assert.equal(mine.length, 2, 'both were recorded under the fixture path');
  assert.deepEqual((await listSessions(root, '/nope.md')).length, 0);
  assert.deepEqual(new Set(all.map((s) => s.dir)), new Set([a.dir, b.dir]));
  assert.deepEqual(await listSessions(join(root, 'does-not-exist')), []);
});

test('readSessionState on a non-session directory says so', async () => {
  await assert.rejects(readSessionState(await tmp()), /not a session directory \(no events\.jsonl\)/);
});

test('a step ended without being started (skipped, blocked) gets no output event', async () => {
  const { session, dir } = await recordSession({ sessionsDir: await tmp(), open: true });
  const restart = parseRunbook(await readFile(FIXTURE, 'utf8')).steps.find((s) => s.id === 'restart')!;
  assert.ok(restart.kind === 'code');
  const before = (await events(dir)).filter((e) => e.type === 'output').length;
  await session.onStepEnd?.(restart, { ...outcome(restart, 'blocked', { path: '', bytes: 0, sha256: '' }), output: { bytes: 0, sha256: '', tail: '', truncated: false } });
  const ev = await events(dir);
  assert.equal(ev.filter((e) => e.type === 'output').length, before);
  assert.equal(ev.at(-1)?.type, 'step-end');
  assert.equal((await readSessionState(dir)).steps.restart?.status, 'blocked');
  await session.end('blocked');
});
