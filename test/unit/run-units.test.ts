// Durations and sizes as the cards, the editor, the CLI and the evidence show them (core/run/units).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../src/core/run/units';

test('durations read as people write them, rounded once and without zero parts', () => {
  const cases: [number, string][] = [
    [850, '850 ms'], [1500, '1.5 s'], [42_000, '42 s'], [59_400, '59 s'],
    [59_600, '1 min'], [119_600, '2 min'], [120_000, '2 min'], [185_000, '3 min 5 s'],
    [3_600_000, '1 h'], [7_800_000, '2 h 10 min'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, `${ms} ms`);
});

test('sizes in binary units', () => {
  assert.deepEqual([512, 1536, 3.2 * 1024 * 1024].map(formatBytes), ['512 B', '1.5 KiB', '3.2 MiB']);
  assert.equal(formatBytes(194_500_000), '185.5 MiB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.00 GiB');
});
