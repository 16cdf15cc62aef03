// What a step's output listeners are shown is what its output file holds: the capture writes
// first and shows only what was written. A run killed right after it showed a line must still
// have that line on record, and when the file cannot be written (full disk, a planted file) the
// panel and the terminal must not show bytes that the session, its digest and the evidence lack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputCapture } from '../../src/core/executor/outputCapture';
import type { OutputChunk } from '../../src/core/executor/types';
import { tempDir } from './executor-helpers';
import { tmpfs } from './reliability-tmpfs';

function capture(path: string): { capture: OutputCapture; shown: () => string; errors: Error[] } {
  const delivered: OutputChunk[] = [];
  const errors: Error[] = [];
  const c = new OutputCapture({
    path, secrets: [], tailBytes: 8 * 1024 * 1024, intervalMs: 60_000,
    onChunks: (chunks) => void delivered.push(...chunks),
    onWriteError: (e) => void errors.push(e),
  });
  return { capture: c, shown: () => delivered.map((d) => d.text).join(''), errors };
}

test('the disk fills in the middle of a read: listeners, tail, byte count and digest stop exactly where the file stops', (t) => {
  const disk = tmpfs('1m');
  if (typeof disk !== 'string') return t.skip(disk.skip);
  const path = join(disk, 'big.1.log');
  const { capture: c, shown, errors } = capture(path);
  // 64 KiB reads of numbered lines, 3 MiB in all: one of them is cut by the full disk.
  const line = (i: number) => `line ${String(i).padStart(7, '0')} ${'x'.repeat(50)}\n`;
  let text = '';
  for (let i = 0; text.length < 3 * 1024 * 1024; i++) text += line(i);
  for (let off = 0; off < text.length; off += 64 * 1024) c.write('stdout', Buffer.from(text.slice(off, off + 64 * 1024)));
  const summary = c.finish();

  const file = readFileSync(path, 'utf8');
  assert.ok(file.length > 0 && file.length < text.length, `the disk was meant to fill: ${file.length} bytes written`);
  assert.equal(errors.length, 1, 'the step is stopped once');
  assert.match(errors[0]!.message, /cannot write the output file .*big\.1\.log: ENOSPC/);
  assert.equal(shown(), file, 'shown exactly what the file holds');
  assert.equal(summary.tail, file);
  assert.equal(summary.bytes, file.length);
  assert.equal(summary.sha256, createHash('sha256').update(file).digest('hex'));
});

test('a file planted at the output path (the exclusive create fails): nothing is shown, counted or hashed, and the planted file is untouched', () => {
  const path = join(tempDir('rb-planted-'), 'step.1.log');
  writeFileSync(path, 'planted\n');
  const { capture: c, shown, errors } = capture(path);
  c.write('stdout', Buffer.from('secret-free but unrecorded\n'));
  c.write('stderr', Buffer.from('more\n'));
  const summary = c.finish();
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /cannot write the output file .*step\.1\.log: EEXIST/);
  assert.equal(shown(), '');
  assert.equal(summary.tail, '');
  assert.equal(summary.bytes, 0);
  assert.equal(summary.sha256, createHash('sha256').digest('hex'));
  assert.equal(readFileSync(path, 'utf8'), 'planted\n');
});

test('with no output file (in memory only) everything is shown', () => {
  const delivered: OutputChunk[] = [];
  const c = new OutputCapture({ secrets: [], tailBytes: 1024, intervalMs: 60_000, onChunks: (chunks) => void delivered.push(...chunks) });
  c.write('stdout', Buffer.from('one\n'));
  const summary = c.finish();
  assert.equal(delivered.map((d) => d.text).join(''), 'one\n');
  assert.equal(summary.bytes, 4);
});
