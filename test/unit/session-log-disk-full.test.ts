// The session log on a full disk. A step's output can fill the disk; the log holds a little space
// back (diskReserve.ts) so that the step's end still reaches it, and a failed append is cut back
// so the chain continues once space is freed. ENOSPC is injected at the writer's seam (on a real
// small tmpfs it depends on the slack in the log's last page; reliability-faults covers the real disk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recomputeLineHash } from '../../src/core/session/chain';
import { RESERVE_BYTES, RESERVE_FILE } from '../../src/core/session/diskReserve';
import { GENESIS, type EventPayload } from '../../src/core/session/events';
import { LogWriter, logFileSystem } from '../../src/core/session/log-writer';
import { tempDir } from './executor-helpers';

const note = (text: string): EventPayload => ({ type: 'note', stepId: 's1', text, author: 'tester' });

/** Runs `body` with its log writes failing with ENOSPC at the given calls (1-based, counted in `body`), after writing half. */
async function withFullDisk<T>(failing: ReadonlySet<number>, body: () => Promise<T>): Promise<T> {
  const real = logFileSystem.write;
  let call = 0;
  logFileSystem.write = (fd, bytes, offset, length) => {
    call += 1;
    if (!failing.has(call)) return real(fd, bytes, offset, length);
    real(fd, bytes, offset, Math.floor(length / 2)); // a nearly full disk takes part of the write first
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  try {
    return await body();
  } finally {
    logFileSystem.write = real;
  }
}

/** The notes of a log whose lines are whole, in sequence, and hash-chained (each names the one before). */
function notesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n'), 'no torn last line');
  const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string; text: string });
  lines.forEach((l, i) => {
    assert.equal(l.seq, i);
    assert.equal(l.prev, i === 0 ? GENESIS : lines[i - 1]!.hash);
    assert.equal(recomputeLineHash(JSON.stringify(l))?.actual, l.hash);
  });
  return lines.map((l) => l.text);
}

test('the log holds space back while it is open, and gives it back when it closes', async () => {
  const dir = tempDir('rb-reserve-');
  const log = await LogWriter.open(join(dir, 'events.jsonl'), 0, GENESIS, true);
  assert.equal(statSync(join(dir, RESERVE_FILE)).size, RESERVE_BYTES);
  await log.append(note('one'));
  await log.close();
  assert.equal(existsSync(join(dir, RESERVE_FILE)), false);
});

test('the disk fills during an append: the reserve is freed and the append lands whole, once', async () => {
  const dir = tempDir('rb-reserve-');
  const file = join(dir, 'events.jsonl');
  const log = await LogWriter.open(file, 0, GENESIS, true);
  await log.append(note('before'));
  await withFullDisk(new Set([1]), () => log.append(note('the step failed: ENOSPC')));
  assert.equal(existsSync(join(dir, RESERVE_FILE)), false, 'the reserve was used');
  await log.append(note('after'));
  await log.close();
  assert.deepEqual(notesOf(file), ['before', 'the step failed: ENOSPC', 'after']);
});

test('the disk stays full: the append fails clearly, is cut back, and the chain continues once space is freed', async () => {
  const dir = tempDir('rb-reserve-');
  const file = join(dir, 'events.jsonl');
  const log = await LogWriter.open(file, 0, GENESIS, true);
  await log.append(note('before'));
  // The first attempt and its retry (on the freed reserve) both fail.
  await withFullDisk(new Set([1, 2]), async () => {
    await assert.rejects(log.append(note('lost')), /cannot append to the session log .*events\.jsonl: ENOSPC.*intact up to event 1; free space, then resume/);
  });
  await log.append(note('after space was freed'));
  await log.close();
  // A new log continues at its new end: no hole of NULs where the cut-back bytes were.
  assert.doesNotMatch(readFileSync(file, 'latin1'), /\0/);
  assert.deepEqual(notesOf(file), ['before', 'after space was freed']);
});

test('a link planted where the reserve goes is neither followed nor replaced', async () => {
  const dir = tempDir('rb-reserve-');
  const target = join(tempDir('rb-reserve-target-'), 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, join(dir, RESERVE_FILE));
  const log = await LogWriter.open(join(dir, 'events.jsonl'), 0, GENESIS, true);
  await log.close();
  assert.equal(readFileSync(target, 'utf8'), 'keep me');
});
