// Path traversal and symlinks: step ids and runbook names that try to climb out of the session
// directory, `cwd` attributes with `..`, crafted session logs that name files outside the session,
// and symlinks planted in a session directory (outputs, snapshot, lock, log). Exports must not
// embed foreign files, verify must refuse them, resume must not write through a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { serializeLine } from '../../src/core/session/chain';
import { readLog } from '../../src/core/session/replay';
import { filesUnder, onlySession, runCliProcess } from './reliability-cli';

const FOREIGN = 'FOREIGN-FILE-CONTENT-q7Zx';

function workspace(markdown: string, name = 'book.md'): { dir: string; sessions: string; foreign: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-paths-'));
  writeFileSync(join(dir, name), markdown);
  const foreign = join(dir, 'foreign.txt');
  writeFileSync(foreign, `${FOREIGN}\n`);
  return { dir, sessions: join(dir, 'sessions'), foreign };
}

const inside = (root: string, path: string) => !relative(realpathSync(root), realpathSync(path)).startsWith('..');

test('step ids and a runbook name that climb out: every file the run writes lies inside the session directory', async () => {
  const ws = workspace('# T\n\n```bash {#../../../escape}\necho a\n```\n\n```bash {id="..\\\\..\\\\win"}\necho b\n```\n\n```bash {name="/abs/olute"}\necho c\n```\n', '..;rm -rf ~;..%2F.md');
  const r = await runCliProcess(['run', '..;rm -rf ~;..%2F.md', '--sessions', ws.sessions], ws.dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const session = onlySession(ws.sessions);
  assert.match(session.slice(ws.sessions.length + 1), /^[a-z0-9-]+_\d{8}T\d{6}Z_[a-z0-9-]+_[0-9a-f]{6}$/);
  const outputs = readdirSync(join(session, 'outputs'));
  assert.equal(outputs.length, 3);
  for (const f of filesUnder(ws.dir)) if (!f.startsWith(ws.sessions)) assert.ok(['..;rm -rf ~;..%2F.md', 'foreign.txt'].includes(relative(ws.dir, f)), `unexpected file ${f}`);
  for (const f of filesUnder(ws.sessions)) assert.ok(inside(session, f));
  assert.equal((await runCliProcess(['verify', session], ws.dir)).code, 0);
});

test('cwd with .. resolves against the runbook directory; a missing one fails the step with a clear reason', async () => {
  const ws = workspace('# T\n\n```bash {#up cwd=../}\npwd\n```\n\n```bash {#gone cwd=../../no/such/dir continue-on-error}\npwd\n```\n');
  const r = await runCliProcess(['run', 'book.md', '--sessions', ws.sessions], ws.dir);
  assert.match(r.stdout, new RegExp(`^${join(ws.dir, '..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.match(r.stdout, /✗ failed gone \([\d.]+ m?s\): working directory .*no\/such\/dir does not exist/);
  // The session is still written where it was asked to be, whatever the step's cwd.
  assert.ok(inside(ws.sessions, onlySession(ws.sessions)));
});

/** Appends a hash-chained event to a session log (what an attacker with write access could do). */
function appendEvent(session: string, payload: Record<string, unknown>): void {
  const file = join(session, 'events.jsonl');
  const text = readFileSync(file, 'utf8');
  const lines = text.trimEnd().split('\n');
  const last = JSON.parse(lines[lines.length - 1]!) as { seq: number; hash: string };
  const { line } = serializeLine(payload as never, last.seq + 1, new Date().toISOString(), last.hash);
  writeFileSync(file, `${text}${line}\n`);
}

async function finishedSession(): Promise<{ ws: ReturnType<typeof workspace>; session: string }> {
  const ws = workspace('# T\n\n```bash {#one}\necho one\n```\n');
  assert.equal((await runCliProcess(['run', 'book.md', '--sessions', ws.sessions], ws.dir)).code, 0);
  return { ws, session: onlySession(ws.sessions) };
}

async function assertRefused(ws: { dir: string }, session: string): Promise<void> {
  for (const format of ['html', 'md', 'json', 'junit']) {
    const r = await runCliProcess(['export', session, '--format', format], ws.dir);
    assert.ok(!r.stdout.includes(FOREIGN), `the ${format} export embeds a file from outside the session`);
    assert.equal(r.code, 2, `${format}: ${r.stdout.slice(0, 200)}${r.stderr}`);
    assert.match(r.stderr, /outside the session directory/);
  }
  const v = await runCliProcess(['verify', session], ws.dir);
  assert.equal(v.code, 1, v.stdout);
  assert.match(v.stderr, /outside the session directory/);
}

test('a crafted log naming ../../foreign.txt as an output: export and verify refuse it', async () => {
  const { ws, session } = await finishedSession();
  const digest = { bytes: FOREIGN.length + 1, headBytes: 65536, tailBytes: 65536, sha256: 'a'.repeat(64), headSha256: 'a'.repeat(64), tailSha256: 'a'.repeat(64) };
  appendEvent(session, { type: 'output', stepId: 'one', attempt: 1, file: relative(session, ws.foreign), ...digest });
  await assertRefused(ws, session);
});

test('an output file replaced by a symlink to a foreign file: export and verify refuse it', async () => {
  const { ws, session } = await finishedSession();
  const out = join(session, 'outputs', 'one.1.log');
  rmSync(out);
  symlinkSync(ws.foreign, out);
  await assertRefused(ws, session);
});

test('the runbook copy replaced by a symlink: export and verify refuse it', async () => {
  const { ws, session } = await finishedSession();
  rmSync(join(session, 'runbook.md'));
  symlinkSync(ws.foreign, join(session, 'runbook.md'));
  await assertRefused(ws, session);
});

test('resume does not write through a planted session.lock or events.jsonl symlink', async () => {
  const ws = workspace('# T\n\n```bash {#one}\necho one\n```\n\n```bash {#two}\nexit 1\n```\n');
  await runCliProcess(['run', 'book.md', '--sessions', ws.sessions], ws.dir);
  const session = onlySession(ws.sessions);
  // Make it resumable (drop session-end), then plant a lock symlink to a file the attacker wants clobbered.
  const log = join(session, 'events.jsonl');
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
  writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
  const victim = join(ws.dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, join(session, 'session.lock'));
  const r = await runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', session], ws.dir);
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the lock was written through the symlink');
  assert.ok(r.code !== null);

  // Now the log itself as a symlink to a copy: resume refuses, the target is untouched.
  const copy = join(ws.dir, 'copy.jsonl');
  const text = readFileSync(log, 'utf8');
  const withoutEnd = text.trimEnd().split('\n').filter((l) => !l.includes('"type":"session-end"')).join('\n') + '\n';
  writeFileSync(copy, withoutEnd);
  rmSync(log);
  symlinkSync(copy, log);
  const again = await runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', session], ws.dir);
  assert.equal(again.code, 2, again.stdout + again.stderr);
  assert.match(again.stderr, /symbolic link/);
  assert.equal(readFileSync(copy, 'utf8'), withoutEnd);
});

test('a session directory reached through a symlinked sessions dir works (links to the whole tree are fine)', async () => {
  const ws = workspace('# T\n\n```bash {#one}\necho one\n```\n');
  const real = join(ws.dir, 'real-sessions');
  mkdirSync(real);
  symlinkSync(real, ws.sessions);
  assert.equal((await runCliProcess(['run', 'book.md', '--sessions', ws.sessions], ws.dir)).code, 0);
  const session = onlySession(ws.sessions);
  assert.equal((await runCliProcess(['verify', session], ws.dir)).code, 0);
  const html = await runCliProcess(['export', session, '--format', 'html'], ws.dir);
  assert.equal(html.code, 0, html.stderr);
  assert.equal((await readLog(session)).parsed.events.at(-1)?.type, 'session-end');
});
