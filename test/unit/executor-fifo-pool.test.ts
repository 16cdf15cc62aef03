// The FIFO pool both the live shell and one-spawn steps lend their output FIFOs from
// (src/core/executor/fifoPool.ts): a pair comes back only when every writer closed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FifoPool } from '../../src/core/executor/fifoPool';

test('a pool lends pairs of what was added, takes back a drained pair and removes one a writer still holds', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-fifo-pool-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pool = new FifoPool(dir, 'f');
  assert.equal(pool.take(), undefined, 'nothing made yet');
  const batch = pool.nextBatch();
  assert.equal(new Set(batch).size, batch.length);
  assert.ok(batch.every((p) => p.startsWith(join(dir, 'f'))));
  assert.notDeepEqual(pool.nextBatch(), batch, 'each batch has new names');
  for (const path of batch) writeFileSync(path, ''); // stands in for mkfifo
  pool.add(batch);
  const first = pool.take()!;
  const second = pool.take()!;
  assert.deepEqual([...first, ...second], batch);
  assert.equal(pool.take(), undefined);
  pool.giveBack(second, false);
  assert.ok(second.every((p) => !existsSync(p)), 'a pair a writer may still hold is removed');
  assert.equal(pool.take(), undefined, 'and never lent again');
  pool.giveBack(first, true);
  assert.deepEqual(pool.take(), first, 'a drained pair is lent again');
});
