// Hash once: a step's output is hashed while the executor writes it, and the session records that
// digest instead of reading the whole file back (src/core/session/digest.ts, digestWrittenOutput).
// The file is still what `verify` checks: bytes changed after they were written are caught.
import { strict as assert } from 'node:assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyEvidence } from '../../src/core/evidence';
import { parseRunbook } from '../../src/core/format/parse';
import type { CodeStep } from '../../src/core/format/model';
import { openNewSession } from '../../src/core/session';
import { parseLog, sha256 } from '../../src/core/session/chain';
import type { OutputEvent } from '../../src/core/session/events';
import { codeStep, makeExecutor, runbook, tempDir } from './executor-helpers';
import { outcome } from '../fixtures/session/record';

const TEXT = '# t\n\n```bash {#big}\necho\n```\n';

async function session() {
  const root = tempDir('rb-digest-');
  const s = await openNewSession({ sessionsDir: root, runbookPath: join(root, 'rb.md'), runbookText: TEXT, variables: {}, secretNames: [], tool: { name: 'test', version: '0' } });
  const step = parseRunbook(TEXT).steps[0] as CodeStep;
  return { s, step };
}

async function outputEvent(dir: string): Promise<OutputEvent> {
  const file = join(dir, 'events.jsonl');
  const found = parseLog(await readFile(file, 'utf8'), file).events.find((e) => e.type === 'output');
  assert.ok(found?.type === 'output');
  return found;
}

test('a real step: the recorded digest is the file\'s, and verify finds the session intact', async () => {
  const { s } = await session();
  const step = codeStep("head -c 3000000 /dev/urandom | base64; printf 'é end'", { id: 'big' });
  const { executor } = makeExecutor(runbook([step]), { outputPath: (id, attempt) => s.outputPath(id, attempt), observers: [s] });
  const summary = await executor.runAll();
  await s.end(summary.status);
  const e = await outputEvent(s.dir);
  const bytes = await readFile(join(s.dir, e.file));
  assert.ok(bytes.length > 4_000_000);
  assert.equal(e.bytes, bytes.length);
  assert.equal(e.sha256, sha256(bytes));
  assert.equal(e.headSha256, sha256(bytes.subarray(0, e.headBytes)));
  assert.equal(e.tailSha256, sha256(bytes.subarray(bytes.length - e.tailBytes)));
  assert.equal((await verifyEvidence(s.dir)).ok, true);
});

test('the digest made while writing is recorded, so bytes changed behind the writer\'s back fail verify', async () => {
  const { s, step } = await session();
  await s.onStepStart?.(step, 1);
  const path = s.outputPath(step.id, 1);
  await writeFile(path, 'what the step printed\n');
  const written = { path, bytes: 22, sha256: sha256('what the step printed\n') };
  await writeFile(path, 'what someone put here\n'); // same size, other bytes
  await s.onStepEnd?.(step, outcome(step, 'passed', written));
  await s.end('passed');
  const e = await outputEvent(s.dir);
  assert.equal(e.sha256, written.sha256, 'the writer\'s digest, not a re-read of the file');
  const result = await verifyEvidence(s.dir);
  assert.equal(result.ok, false);
  assert.match(result.message, /outputs\/big\.1\.log: the output of step 'big' was altered/);
});

test('a file shorter than what was written (a write failed part-way) is hashed itself', async () => {
  const { s, step } = await session();
  await s.onStepStart?.(step, 1);
  const path = s.outputPath(step.id, 1);
  await writeFile(path, 'half');
  await s.onStepEnd?.(step, outcome(step, 'failed', { path, bytes: 8, sha256: sha256('halfhalf') }));
  await s.end('failed');
  const e = await outputEvent(s.dir);
  assert.equal(e.bytes, 4);
  assert.equal(e.sha256, sha256('half'));
  assert.equal((await verifyEvidence(s.dir)).ok, true);
});
