// Hostile input, CI size: parse and lint never throw, never exceed their time bound, and report
// only lines inside the file — over the hostile fixtures, a 10 MB runbook and 1,500 generated and
// mutated documents. The full ≥ 10,000-document run is test/stress/reliability-fuzz.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../../src/core/format';
import { corpus, fuzz, tenMegabyteRunbook, type FuzzReport } from './reliability-fuzz-lib';

const HOSTILE = join(__dirname, '..', 'fixtures', 'hostile');

function assertClean(report: FuzzReport): void {
  const shown = report.failures.slice(0, 5).map((f) => `${f.name}: ${f.problem.split('\n')[0]} (saved as ${f.savedAs})`);
  assert.deepEqual(shown, [], `${report.failures.length} of ${report.documents} documents failed`);
}

test('hostile fixtures: each parses, lints, and stays inside its time bound', async () => {
  const cases = readdirSync(HOSTILE).filter((f) => f.endsWith('.md')).map((f) => ({ name: f, text: readFileSync(join(HOSTILE, f), 'utf8') }));
  assert.ok(cases.length >= 6);
  assertClean(await fuzz(cases));
});

test('a YAML alias bomb in the front matter is an invalid-yaml error, not an exception', () => {
  const r = parseRunbook(readFileSync(join(HOSTILE, 'yaml-alias-bomb.md'), 'utf8'));
  assert.ok(r.diagnostics.some((d) => d.code === 'invalid-yaml' && /alias/i.test(d.message)), JSON.stringify(r.diagnostics));
});

test('a 10 MB runbook parses and lints within its bound', async () => {
  const text = tenMegabyteRunbook();
  assert.ok(text.length >= 10 * 1024 * 1024);
  const report = await fuzz([{ name: '10 MB runbook', text }]);
  assertClean(report);
});

test('1,500 generated and mutated runbooks: no throw, no hang, lines inside the file', async () => {
  const report = await fuzz(corpus({ generated: 700, mutated: 800, seed: 20261129 }));
  assert.equal(report.documents, 1500);
  assertClean(report);
});
