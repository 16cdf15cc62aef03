// Output faster than the live view takes it: the capture says how many bytes listeners never got,
// the terminal printer says exactly that (`… 8.8 KiB not shown — full output: <file>`, sizes by the core's one formatter), and
// `--json` reports it per step. Before, the middle was dropped without a word.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { OutputCapture } from '../../src/core/executor/outputCapture';
import type { OutputChunk, RunSummary, StepOutcome } from '../../src/core/executor/types';
import { jsonSteps } from '../../src/cli/runJson';
import { RunPrinter } from '../../src/cli/runPrinter';
import type { CliIo } from '../../src/cli/io';
import { codeStep, tempDir } from './executor-helpers';

function fakeIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: { write: (t: string) => void out.push(t) }, stderr: { write: (t: string) => void out.push(t) }, stdinIsTTY: false, cwd: '/', env: {} };
}

/** 10 lines of 1,000 bytes arrive within one delivery interval; listeners are fed at most 1,000 bytes per interval. */
function flood() {
  const path = join(tempDir('rb-skip-'), 'flood.1.log');
  const delivered: OutputChunk[] = [];
  const capture = new OutputCapture({ path, secrets: [], tailBytes: 1000, intervalMs: 60_000, onChunks: (c) => void delivered.push(...c) });
  for (let i = 0; i < 10; i++) capture.write('stdout', Buffer.from(`${String(i).repeat(999)}\n`));
  const summary = capture.finish();
  return { path, delivered, summary };
}

test('the capture tells listeners how many bytes they did not get, and the summary totals them', () => {
  const { path, delivered, summary } = flood();
  const shown = delivered.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
  const skipped = delivered.reduce((n, c) => n + (c.skippedBytes ?? 0), 0);
  assert.equal(summary.bytes, 10_000);
  assert.equal(skipped, 9000);
  assert.equal(shown + skipped, summary.bytes, 'shown + skipped is the whole output');
  assert.equal(summary.skippedBytes, 9000);
  assert.equal(delivered.map((c) => c.text).join(''), `${'9'.repeat(999)}\n`, 'the live view keeps the newest bytes');
  assert.equal(readFileSync(path, 'utf8').length, 10_000, 'the file has everything');
});

test('no skip, no field: output the listeners keep up with carries no skippedBytes', () => {
  const delivered: OutputChunk[] = [];
  const capture = new OutputCapture({ secrets: [], tailBytes: 1000, intervalMs: 60_000, onChunks: (c) => void delivered.push(...c) });
  capture.write('stdout', Buffer.from('hello\n'));
  const summary = capture.finish();
  assert.equal(summary.skippedBytes, undefined);
  assert.ok(delivered.every((c) => c.skippedBytes === undefined));
});

test('the terminal printer says how much it did not show and where the full output is', () => {
  const { path, delivered, summary } = flood();
  const io = fakeIo();
  const step = codeStep('yes | head', { id: 'flood' });
  const printer = new RunPrinter(io, (id, attempt) => `/sessions/s1/outputs/${id}.${attempt}.log`);
  printer.onStepStart(step, 1);
  printer.onOutput('flood', delivered);
  const t = new Date().toISOString();
  const outcome: StepOutcome = { stepId: 'flood', status: 'passed', exitCode: 0, durationMs: 5, startedAt: t, endedAt: t, output: summary };
  printer.onStepEnd(step, outcome);
  const text = io.out.join('');
  assert.match(text, new RegExp(`… 8\\.8 KiB not shown — full output: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n✓ passed flood`));
  // A run host client's outcome carries no path or total: the counted chunks and the session's file name say it.
  const viaHost = fakeIo();
  const client = new RunPrinter(viaHost, (id, attempt) => `/sessions/s1/outputs/${id}.${attempt}.log`);
  client.onStepStart(step, 2);
  client.onOutput('flood', delivered);
  client.onStepEnd(step, { ...outcome, output: { bytes: 0, sha256: '', tail: '', truncated: false } });
  assert.match(viaHost.out.join(''), /… 8\.8 KiB not shown — full output: \/sessions\/s1\/outputs\/flood\.2\.log\n/);
  // Nothing skipped: no notice.
  const quiet = fakeIo();
  const calm = new RunPrinter(quiet);
  calm.onStepStart(step, 1);
  calm.onOutput('flood', [{ stream: 'stdout', text: 'hi\n' }]);
  calm.onStepEnd(step, { ...outcome, output: { bytes: 3, sha256: '', tail: 'hi\n', truncated: false } });
  assert.doesNotMatch(quiet.out.join(''), /not shown/);
});

test('--json reports per step the output file, its size and the bytes a live view skipped', () => {
  const { path, summary } = flood();
  const run: RunSummary = {
    status: 'passed', durationMs: 5,
    steps: [
      { id: 'flood', kind: 'code', status: 'passed', exitCode: 0, durationMs: 5, output: summary },
      { id: 'check', kind: 'check', status: 'passed', exitCode: null, durationMs: 0 },
    ],
  };
  const [flooded, check] = jsonSteps(run);
  assert.deepEqual(flooded?.output, { file: path, bytes: 10_000, notShownBytes: 9000 });
  assert.equal(check && 'output' in check, false);
});

test('the printer writes sizes with the core formatter the cards use (binary units)', () => {
  const io = fakeIo();
  const step = codeStep('yes', { id: 'big' });
  const printer = new RunPrinter(io, (id, attempt) => `/s/${id}.${attempt}.log`);
  printer.onStepStart(step, 1);
  printer.onOutput('big', [{ stream: 'stdout', text: 'y\n', skippedBytes: 194_500_000 }]);
  const t = new Date().toISOString();
  printer.onStepEnd(step, { stepId: 'big', status: 'passed', exitCode: 0, durationMs: 5, startedAt: t, endedAt: t, output: { bytes: 0, sha256: '', tail: '', truncated: false } });
  assert.match(io.out.join(''), /… 185\.5 MiB not shown — full output: \/s\/big\.1\.log\n/);
});
