// `verify` on exports: every single-byte change to an HTML or JSON export is detected.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { exportSession, verifyExportText } from '../../src/core/evidence';
import { recordSession, tempDir } from '../fixtures/session/record';

const SMALL = '# Tiny\n\n```bash\necho hi\n```\n\n- [ ] looked at it\n';

/** Flips the low bit of every byte in turn (in memory, decoded as a file read would be); returns misses. */
async function flipEvery(text: string): Promise<number[]> {
  const original = Buffer.from(text);
  assert.equal((await verifyExportText('export', text)).ok, true);
  const missed: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const copy = Buffer.from(original);
    copy[i] = copy[i]! ^ 0x01;
    if ((await verifyExportText('export', copy.toString('utf8'))).ok) missed.push(i);
  }
  return missed;
}

for (const format of ['html', 'json'] as const) {
  test(`flipping any byte of a ${format.toUpperCase()} export makes verify fail`, async () => {
    const { dir } = await recordSession({ sessionsDir: await tempDir('rb-flip-'), text: SMALL, outputs: {} });
    assert.deepEqual(await flipEvery(await exportSession(dir, format, 'runbook test')), []);
  });
}
