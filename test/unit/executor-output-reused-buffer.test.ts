// The output path borrows its bytes: the live shell reads every pipe chunk into one buffer and
// reuses it for the next read (liveShell.ts, net.Socket `onread`), so whatever the capture keeps
// — the tail, the listeners' not-yet-delivered share, the masker's held-back prefix — must be a
// copy. Each test overwrites the caller's buffer after every write, as the next read would: a
// view kept instead of a copy would come back as the overwritten bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MASK } from '../../src/core/executor';
import { OutputCapture } from '../../src/core/executor/outputCapture';
import { RecentBytes } from '../../src/core/executor/recentBytes';
import type { OutputChunk, OutputStream } from '../../src/core/executor/types';
import { tempDir } from './executor-helpers';

/** Writes each piece through one shared buffer that is scribbled over after every write. */
function writeThroughOneBuffer(write: (stream: OutputStream, data: Buffer) => void, pieces: readonly [OutputStream, string][]): void {
  const reused = Buffer.alloc(64 * 1024);
  for (const [stream, text] of pieces) {
    const n = reused.write(text, 'utf8');
    write(stream, reused.subarray(0, n));
    reused.fill('#');
  }
}

test('RecentBytes keeps copies: the newest bytes survive the caller reusing its buffer', () => {
  const recent = new RecentBytes(10);
  writeThroughOneBuffer((s, d) => recent.push(s, d), [['stdout', 'abcdef'], ['stderr', 'ghij'], ['stdout', 'klm']]);
  const pieces = recent.newest().map((p) => `${p.stream}:${p.data.toString()}`);
  assert.deepEqual(pieces, ['stdout:def', 'stderr:ghij', 'stdout:klm']);
  assert.equal(recent.dropped, 3);
  assert.deepEqual(recent.newest(5).map((p) => `${p.stream}:${p.data.toString()}`), ['stderr:ij', 'stdout:klm']);
});

test('property: RecentBytes holds exactly the newest `limit` bytes with their streams, whatever the pushes', () => {
  const push = fc.tuple(fc.constantFrom<OutputStream>('stdout', 'stderr'), fc.uint8Array({ maxLength: 300 }));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500 }), fc.array(push, { maxLength: 60 }), (limit, pushes) => {
      const recent = new RecentBytes(limit);
      const reused = Buffer.alloc(300);
      const all: { stream: OutputStream; byte: number }[] = [];
      for (const [stream, bytes] of pushes) {
        reused.set(bytes);
        recent.push(stream, reused.subarray(0, bytes.length));
        reused.fill(0xee);
        for (const byte of bytes) all.push({ stream, byte });
      }
      const expected = all.slice(Math.max(0, all.length - limit));
      const got = recent.newest().flatMap((p) => [...p.data].map((byte) => ({ stream: p.stream, byte })));
      assert.deepEqual(got, expected);
      assert.equal(recent.dropped, all.length - expected.length);
    }),
  );
});

test('the capture copies what it keeps: tail, live chunks, file and hash match the bytes written, not the reused buffer', () => {
  const path = join(tempDir('rb-reuse-'), 'step.1.log');
  const delivered: OutputChunk[] = [];
  // A long interval: every chunk waits in the capture until finish() delivers it.
  const capture = new OutputCapture({ path, secrets: [], tailBytes: 1024, intervalMs: 60_000, onChunks: (c) => void delivered.push(...c) });
  const pieces: [OutputStream, string][] = [['stdout', 'one\n'], ['stderr', 'two\n'], ['stdout', 'three é\n']];
  writeThroughOneBuffer((s, d) => capture.write(s, d), pieces);
  const summary = capture.finish();
  const text = pieces.map(([, t]) => t).join('');
  assert.equal(summary.tail, text);
  assert.deepEqual(delivered.map((c) => `${c.stream}:${c.text}`), pieces.map(([s, t]) => `${s}:${t}`));
  assert.equal(readFileSync(path, 'utf8'), text);
  assert.equal(summary.sha256, createHash('sha256').update(text).digest('hex'));
});

test('a secret split across reads of one reused buffer is still masked (the held prefix is a copy)', () => {
  const delivered: OutputChunk[] = [];
  const capture = new OutputCapture({ secrets: ['hunter2-token'], tailBytes: 1024, intervalMs: 60_000, onChunks: (c) => void delivered.push(...c) });
  writeThroughOneBuffer((s, d) => capture.write(s, d), [['stdout', 'key=hunt'], ['stdout', 'er2-to'], ['stdout', 'ken done\n']]);
  const summary = capture.finish();
  assert.equal(summary.tail, `key=${MASK} done\n`);
  assert.equal(delivered.map((c) => c.text).join(''), `key=${MASK} done\n`);
});

test('a flood through one reused buffer: the tail is the newest bytes and listeners are told what they missed', () => {
  const delivered: OutputChunk[] = [];
  const capture = new OutputCapture({ secrets: [], tailBytes: 100, intervalMs: 60_000, onChunks: (c) => void delivered.push(...c) });
  const lines = Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(2, '0')}\n`);
  writeThroughOneBuffer((s, d) => capture.write(s, d), lines.map((l): [OutputStream, string] => ['stdout', l]));
  const summary = capture.finish();
  const all = lines.join('');
  assert.equal(summary.tail, all.slice(-100));
  assert.equal(summary.truncated, true);
  assert.equal(delivered.map((c) => c.text).join(''), all.slice(-100));
  assert.equal(delivered[0]!.skippedBytes, all.length - 100);
});
