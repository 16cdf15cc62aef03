// Hostile input, full size (`npm run test:stress`): ≥ 10,000 generated and mutated runbooks plus
// 10 MB files. Parse and lint never throw, never exceed the per-file time bound (measured in a
// worker, a hang is a failure), and every line they report lies inside the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpus, fuzz, MUTATORS, tenMegabyteRunbook, type FuzzCase, type FuzzReport } from '../unit/reliability-fuzz-lib';

function assertClean(report: FuzzReport): void {
  const shown = report.failures.slice(0, 10).map((f) => `${f.name}: ${f.problem.split('\n')[0]} (saved as ${f.savedAs})`);
  assert.deepEqual(shown, [], `${report.failures.length} of ${report.documents} documents failed`);
}

function summary(report: FuzzReport): string {
  return `${report.documents} documents, ${(report.bytes / 1024 / 1024).toFixed(1)} MB in ${(report.elapsedMs / 1000).toFixed(1)} s; slowest ${report.slowest.ms.toFixed(0)} ms (${(report.slowest.bytes / 1024).toFixed(0)} KB: ${report.slowest.name}); ${report.retried} retried`;
}

test('10,500 generated and mutated runbooks', { timeout: 30 * 60_000 }, async (t) => {
  const report = await fuzz(corpus({ generated: 4000, mutated: 6500, seed: Number(process.env.RUNBOOK_FUZZ_SEED ?? 7) }));
  t.diagnostic(summary(report));
  assert.equal(report.documents, 10_500);
  assertClean(report);
});

test('10 MB runbooks, each mutated once by every mutator', { timeout: 30 * 60_000 }, async (t) => {
  const base = tenMegabyteRunbook();
  let i = 0;
  const rnd = () => ((i = (i * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cases: FuzzCase[] = [{ name: '10 MB', text: base }, { name: '10 MB of NUL', text: '\u0000'.repeat(10 * 1024 * 1024) }, { name: '10 MB one line', text: `# x\n${'[x]('.repeat(2_621_440)}` }];
  for (const [name, mutate] of Object.entries(MUTATORS)) cases.push({ name: `10 MB + ${name}`, text: mutate(base, rnd) });
  const report = await fuzz(cases);
  t.diagnostic(summary(report));
  assertClean(report);
});
