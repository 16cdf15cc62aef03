// A full disk while a session is created, or while `export -o` writes, leaves no half-made files:
// the session directory is removed again, the export goes to a temporary name renamed into place
// only when complete (an older file at the target stays as it was). A small tmpfs is the full disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSession } from '../fixtures/session/record';
import { runCliProcess } from './reliability-cli';
import { STACK, tmpfs } from './reliability-tmpfs';


test('disk full while a session is created (the runbook copy does not fit): exit 2 naming ENOSPC, no half-made session directory', async (t) => {
  const disk = tmpfs('64k');
  if (typeof disk !== 'string') return t.skip(disk.skip);
  const dir = mkdtempSync(join(tmpdir(), 'rb-atomic-'));
  writeFileSync(join(dir, 'book.md'), `# Big\n\n${'filler text for a runbook that does not fit\n'.repeat(6000)}\n\`\`\`bash {#one}\necho one\n\`\`\`\n`);
  const r = await runCliProcess(['run', 'book.md', '--yes', '--sessions', join(disk, 's')], dir);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /ENOSPC/);
  assert.doesNotMatch(r.stdout + r.stderr, STACK);
  assert.doesNotMatch(r.stdout, /one\n/, 'the step ran without a session');
  assert.deepEqual(readdirSync(join(disk, 's')), [], 'a half-made session directory was left behind');
});

test('disk full during `export -o`: exit 2 naming ENOSPC, the older file at the target untouched, no temporary file left', async (t) => {
  const disk = tmpfs('64k');
  if (typeof disk !== 'string') return t.skip(disk.skip);
  const root = mkdtempSync(join(tmpdir(), 'rb-atomic-'));
  const { dir } = await recordSession({ sessionsDir: root, outputs: { health: 'x'.repeat(200_000) } });
  const target = join(disk, 'evidence.json');
  writeFileSync(target, 'the previous export\n');
  const r = await runCliProcess(['export', dir, '--format', 'json', '-o', target], root);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /ENOSPC/);
  assert.doesNotMatch(r.stderr, STACK);
  assert.equal(readFileSync(target, 'utf8'), 'the previous export\n');
  assert.deepEqual(readdirSync(disk), ['evidence.json']);
  // With room, the same export completes and verifies.
  const ok = await runCliProcess(['export', dir, '--format', 'json', '-o', join(root, 'evidence.json')], root);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await runCliProcess(['verify', join(root, 'evidence.json')], root)).code, 0);
});
