// Masking touches text that came from outside (notes, reasons, titles, authors, variable values),
// never the structure the log depends on: digests, types, statuses, ids, timestamps. A short
// secret that happens to occur inside one of them must leave the session readable and verifiable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportSession, verifyEvidence } from '../../src/core/evidence';
import { parseRunbook } from '../../src/core/format/parse';
import { openNewSession, readSessionState } from '../../src/core/session';
import { sha256 } from '../../src/core/session/chain';
import { outcome, writeOutput } from '../fixtures/session/record';
import { onlySession, runCliProcess } from './reliability-cli';

const EMPTY_SHA = sha256('');

test('a 4-digit PIN inside SHA-256("") (runbook run): the session reads, verifies and exports; the PIN is still masked in text', async () => {
  assert.ok(EMPTY_SHA.includes('7852'));
  const dir = mkdtempSync(join(tmpdir(), 'rb-mask-'));
  writeFileSync(join(dir, 'book.md'), '---\nvariables:\n  PIN: { secret: true }\n---\n# PIN 7852 rotation\n\n```bash {#quiet}\ntrue\n```\n\n```bash {#loud}\necho "pin is $PIN"\n```\n');
  const r = await runCliProcess(['run', 'book.md', '--yes', '--sessions', 's'], dir, { RUNBOOK_VAR_PIN: '7852' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const session = onlySession(join(dir, 's'));
  const log = readFileSync(join(session, 'events.jsonl'), 'utf8');
  assert.ok(log.includes(EMPTY_SHA), 'the empty output digest was rewritten');
  assert.doesNotMatch(log.replace(/[0-9a-f]{64}/g, ''), /7852/, 'the PIN is in the log outside a digest');
  const v = await runCliProcess(['verify', session], dir);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  for (const format of EXPORT_FORMATS) {
    const e = await runCliProcess(['export', session, '--format', format], dir);
    assert.equal(e.code, 0, `${format}: ${e.stderr}`);
  }
});

test('secrets equal to a status, a type, a year and a digest fragment leave every structural field intact', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rb-mask-'));
  const text = '# Title with 7852 and passed\n\n```bash {#one}\necho\n```\n';
  const secrets = { PIN: '7852', WORD: 'passed', KIND: 'step-end', YEAR: '2026', HASHBIT: EMPTY_SHA.slice(10, 18) };
  const session = await openNewSession({
    sessionsDir: root, runbookPath: join(root, 'book.md'), runbookText: text, variables: secrets, secretNames: Object.keys(secrets),
    tool: { name: 'test', version: '0' }, user: 'ops',
  });
  const step = parseRunbook(text).steps[0]!;
  assert.ok(step.kind === 'code');
  await session.onStepStart?.(step, 1);
  const out = await writeOutput(session, 'one', 1, '');
  const done = outcome(step, 'passed', out, 'all passed in 2026 with 7852');
  await session.onStepEnd?.(step, { ...done, startedAt: '2026-12-01T10:00:00.000Z', endedAt: '2026-12-01T10:00:01.234Z' });
  await session.addNote('one', 'PIN 7852 passed');
  await session.end('passed');

  const state = await readSessionState(session.dir);
  assert.equal(state.status, 'passed');
  assert.equal(state.steps.one?.status, 'passed');
  assert.equal(state.steps.one?.note, 'PIN •••••• ••••••');
  assert.equal(state.steps.one?.reason, 'all •••••• in •••••• with ••••••');
  const events = readFileSync(join(session.dir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const end = events.find((e) => e.type === 'step-end')!;
  assert.equal(end.startedAt, '2026-12-01T10:00:00.000Z');
  assert.equal(end.status, 'passed');
  assert.equal(events.find((e) => e.type === 'output')!.tailSha256, EMPTY_SHA);
  assert.match(String(events[0]!.title), /^Title with •••••• and ••••••$/);
  assert.deepEqual(events[0]!.secretNames, Object.keys(secrets));
  assert.ok((await verifyEvidence(session.dir)).ok);
  for (const format of EXPORT_FORMATS) await exportSession(session.dir, format, 'runbook test');
});
