// Interactive steps on the CLI (issue 17, critical 5): their output reaches the terminal through
// the same masker as recorded output, so a secret printed by an interactive step is never shown
// in clear — plainly, escaped, split across writes, or on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from './reliability-cli';

const SECRET = 'inter-Active-s3cret';

test('an interactive step that prints a secret shows it masked on the CLI (stdout and stderr, split and escaped)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-interactive-'));
  writeFileSync(join(dir, 'book.md'), [
    '---', 'variables:', '  TOKEN: {secret: true}', '---', '# Interactive', '',
    '```bash {#ask interactive}',
    'echo "plain $TOKEN"',
    'printf "%s" "${TOKEN:0:6}"; sleep 0.05; printf "%s\\n" "${TOKEN:6}"',
    'echo "err $TOKEN" >&2',
    'printf "json \\"%s\\"\\n" "$TOKEN" | base64 -w0; echo',
    'read -r answer || echo "no input: ${answer:-none}"',
    '```', '',
  ].join('\n'));
  const r = await runCliProcess(['run', 'book.md', '--sessions', join(dir, 'sessions')], dir, { RUNBOOK_VAR_TOKEN: SECRET });
  assert.equal(r.code, 0, r.stderr);
  const all = r.stdout + r.stderr;
  assert.ok(!all.includes(SECRET), all);
  assert.ok(!all.includes(SECRET.slice(6)), 'the second half of a split write is masked too');
  assert.match(r.stdout, /plain •+/);
  assert.match(r.stderr, /err •+/);
  assert.match(r.stdout, /no input: none/);
});

test('an interactive step in a runbook without secrets keeps the terminal as is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-interactive-'));
  writeFileSync(join(dir, 'book.md'), '# I\n\n```bash {#ask interactive}\necho "hello from the step"\n```\n');
  const r = await runCliProcess(['run', 'book.md', '--sessions', join(dir, 'sessions')], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /hello from the step/);
});
