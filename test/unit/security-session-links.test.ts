// Links planted in a session directory: resume, a new attempt, a note, the runbook copy, the lock,
// `sign` and `export -o` must never write through one. A session directory whose own parts (the
// directory, outputs/, a file in them) are links is refused with a clear message, before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputCapture } from '../../src/core/executor/outputCapture';
import { openNewSession } from '../../src/core/session';
import { onlySession, runCliProcess } from './reliability-cli';

const BOOK = '# T\n\n```bash {#one}\necho one\n```\n\n```bash {#two}\necho two-ran\nexit 1\n```\n';

/** A finished run whose `session-end` is dropped, so it can be resumed (attempt 2 of `two` comes next). */
async function resumable(): Promise<{ dir: string; sessions: string; session: string; victim: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-links-'));
  writeFileSync(join(dir, 'book.md'), BOOK);
  const sessions = join(dir, 'sessions');
  await runCliProcess(['run', 'book.md', '--sessions', sessions], dir);
  const session = onlySession(sessions);
  const log = join(session, 'events.jsonl');
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
  writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  return { dir, sessions, session, victim };
}

async function resume(ws: { dir: string; sessions: string }, session: string) {
  return runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', session], ws.dir);
}

test('resume refuses a session whose next output file is a planted symlink: the victim is untouched, nothing runs', async () => {
  const ws = await resumable();
  symlinkSync(ws.victim, join(ws.session, 'outputs', 'two.2.log'));
  const r = await resume(ws, ws.session);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /outputs\/two\.2\.log: is a symbolic link; this session directory was tampered with, so Runbook refuses to write to it/);
  assert.doesNotMatch(r.stdout, /two-ran/);
  assert.equal(readFileSync(ws.victim, 'utf8'), 'precious\n');
});

test('resume refuses a session directory, or an outputs/ directory, that is a symlink', async () => {
  const ws = await resumable();
  const moved = join(ws.dir, 'elsewhere');
  renameSync(ws.session, moved);
  symlinkSync(moved, ws.session);
  const r = await resume(ws, ws.session);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /the session directory is a symbolic link/);
  rmSync(ws.session);
  renameSync(moved, ws.session);

  const outs = join(ws.dir, 'other-outputs');
  renameSync(join(ws.session, 'outputs'), outs);
  symlinkSync(outs, join(ws.session, 'outputs'));
  const again = await resume(ws, ws.session);
  assert.equal(again.code, 2, again.stdout + again.stderr);
  assert.match(again.stderr, /outputs: is a symbolic link/);
});

test('a new attempt never writes through an output file planted after the checks (O_EXCL | O_NOFOLLOW)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-links-'));
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  mkdirSync(join(dir, 'outputs'));
  symlinkSync(victim, join(dir, 'outputs', 'two.3.log'));
  // The file is created with the first byte the step prints: that create fails, and the step is stopped.
  const stopped: string[] = [];
  const capture = new OutputCapture({ path: join(dir, 'outputs', 'two.3.log'), secrets: [], tailBytes: 1024, intervalMs: 50, onChunks: () => undefined, onWriteError: (e) => stopped.push(e.message) });
  capture.write('stdout', Buffer.from('output of attempt 3\n'));
  capture.finish();
  assert.match(stopped.join('\n'), /cannot write the output file .*two\.3\.log: EEXIST/);
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
});

test('a note appended after the log was swapped for a symlink goes nowhere near the victim', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rb-links-'));
  const victim = join(root, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  const session = await openNewSession({ sessionsDir: join(root, 's'), runbookPath: join(root, 'b.md'), runbookText: BOOK, variables: {}, secretNames: [], tool: { name: 't', version: '0' } });
  rmSync(join(session.dir, 'events.jsonl'));
  symlinkSync(victim, join(session.dir, 'events.jsonl'));
  await assert.rejects(session.addNote('one', 'a note'), /was deleted or replaced during the run/);
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
});

test('sign and export -o replace a planted symlink instead of writing through it', async () => {
  const ws = await resumable();
  await resume(ws, ws.session); // finish it (attempt 2 fails again; the session ends) so it can be signed
  const key = join(ws.dir, 'key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@example.org', '-f', key]);
  const sig = join(ws.session, 'events.jsonl.sig');
  symlinkSync(ws.victim, sig);
  const s = await runCliProcess(['sign', ws.session, '--key', key], ws.dir);
  assert.equal(s.code, 0, s.stdout + s.stderr);
  assert.equal(readFileSync(ws.victim, 'utf8'), 'precious\n');
  assert.ok(lstatSync(sig).isFile() && readFileSync(sig, 'utf8').includes('BEGIN SSH SIGNATURE'));

  const out = join(ws.session, 'evidence.html');
  symlinkSync(ws.victim, out);
  const e = await runCliProcess(['export', ws.session, '-o', out], ws.dir);
  assert.equal(e.code, 0, e.stdout + e.stderr);
  assert.equal(readFileSync(ws.victim, 'utf8'), 'precious\n');
  assert.ok(lstatSync(out).isFile());
  assert.equal((await runCliProcess(['verify', out], ws.dir)).code, 0);
});
