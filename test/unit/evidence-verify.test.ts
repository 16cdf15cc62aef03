// `verify`: every single-byte change to a session is detected; failures name the line or file.
import { strict as assert } from 'node:assert';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportSession, verifyEvidence } from '../../src/core/evidence';
import { recordSession, tempDir } from '../fixtures/session/record';

const SMALL = '# Tiny\n\n```bash\necho hi\n```\n\n- [ ] looked at it\n';

async function small() {
  const root = await tempDir('rb-ver-');
  return recordSession({ sessionsDir: root, text: SMALL, outputs: {} });
}

/** Flips the low bit of every byte of `file` in turn; returns the offsets verify did NOT catch. */
async function flipEvery(file: string, target: string): Promise<number[]> {
  const original = await readFile(file);
  const missed: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const copy = Buffer.from(original);
    copy[i] = copy[i]! ^ 0x01;
    await writeFile(file, copy);
    const result = await verifyEvidence(target);
    if (result.ok) missed.push(i);
  }
  await writeFile(file, original);
  assert.equal((await verifyEvidence(target)).ok, true, 'restored');
  return missed;
}

test('flipping any byte of any file of a session makes verify fail', async () => {
  const { dir } = await small();
  assert.equal((await verifyEvidence(dir)).ok, true);
  const files = ['events.jsonl', 'runbook.md', ...(await readdir(join(dir, 'outputs'))).map((f) => join('outputs', f))];
  assert.equal(files.length, 3);
  for (const f of files) assert.deepEqual(await flipEvery(join(dir, f), dir), [], f);
});

test('verify names the first altered line or file', async () => {
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-ver-') });
  const log = join(dir, 'events.jsonl');
  const text = await readFile(log, 'utf8');
  await writeFile(log, text.replace('"exitCode":0', '"exitCode":1'));
  let r = await verifyEvidence(dir);
  assert.equal(r.ok, false);
  assert.match(r.message, /events\.jsonl:4: line 4 was altered/);
  await writeFile(log, text);
  await writeFile(join(dir, 'outputs', 'rotate.1.log'), 'all good\n');
  r = await verifyEvidence(dir);
  assert.match(r.message, /outputs\/rotate\.1\.log: the output of step 'rotate' was altered/);
});

test('a visible edit to an HTML export is caught even though the embedded record is intact', async () => {
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-ver-'), statuses: { rotate: 'failed' } });
  const file = join(dir, '..', 'e.html');
  const html = await exportSession(dir, 'html', 'runbook test');
  await writeFile(file, html.replace('class="badge big s-failed">✗ failed<', 'class="badge big s-passed">✓ passed<'));
  const r = await verifyEvidence(file);
  assert.equal(r.ok, false);
  assert.match(r.message, /e\.html:\d+: the document was altered/);
});

test('Markdown exports and stray files are refused with a hint', async () => {
  const { dir } = await small();
  const md = join(dir, '..', 'e.md');
  await writeFile(md, await exportSession(dir, 'md', 'runbook test'));
  const r = await verifyEvidence(md);
  assert.equal(r.ok, false);
  assert.match(r.message, /Markdown and JUnit exports carry no chain/);
  await assert.rejects(verifyEvidence(join(dir, 'nope')), /no such file or directory/);
});
