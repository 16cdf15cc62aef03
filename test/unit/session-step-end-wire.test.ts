// The `step-end` line is derived from the executor's StepOutcome (STEP_END_FIELDS in
// src/core/session/events.ts): the wire form stays byte for byte what earlier versions wrote, and
// a line from an older session still reads.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { StepOutcome } from '../../src/core/executor/types';
import { parseLog, serializeLine } from '../../src/core/session/chain';
import { GENESIS, STEP_END_FIELDS, stepEndPayload } from '../../src/core/session/events';

const full: StepOutcome = {
  stepId: 'a', status: 'failed', exitCode: null, signal: 'SIGTERM', durationMs: 1500, reason: 'timed out after 1s',
  startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:01.500Z', notice: 'output differs from the sample',
  output: { bytes: 0, sha256: '', tail: '', truncated: false },
};

test('a step-end carries every STEP_END_FIELDS field of the outcome, in the order earlier versions wrote them', () => {
  // Written by hand from the format before the derivation (docs/sessions.md): the same bytes.
  assert.equal(JSON.stringify(stepEndPayload('a', 2, full)),
    '{"type":"step-end","stepId":"a","attempt":2,"status":"failed","exitCode":null,"signal":"SIGTERM","durationMs":1500,"reason":"timed out after 1s","startedAt":"2026-01-01T00:00:00.000Z","endedAt":"2026-01-01T00:00:01.500Z","notice":"output differs from the sample"}');
  const written = stepEndPayload('a', 2, full) as unknown as Record<string, unknown>;
  for (const key of STEP_END_FIELDS) assert.deepEqual(written[key], full[key], key);
});

test('optional fields are left out when absent or empty; exitCode null and a zero duration are kept', () => {
  const bare: StepOutcome = { ...full, signal: undefined, reason: '', notice: undefined, durationMs: 0 };
  assert.equal(JSON.stringify(stepEndPayload('a', 1, bare)),
    '{"type":"step-end","stepId":"a","attempt":1,"status":"failed","exitCode":null,"durationMs":0,"startedAt":"2026-01-01T00:00:00.000Z","endedAt":"2026-01-01T00:00:01.500Z"}');
});

test('a step-end line as an older version wrote it still reads', () => {
  const start = { type: 'session-start', format: 1, id: 's', runbookPath: '/r.md', runbookSha256: '0'.repeat(64), snapshot: { file: 'runbook.md', sha256: '0'.repeat(64), bytes: 1 },
    title: 'T', user: 'u', host: 'h', os: { platform: 'linux', release: '6', arch: 'x64' }, tool: { name: 'runbook', version: '0.1.0' }, variables: {}, secretNames: [], pid: 1 } as const;
  const old = { type: 'step-end', stepId: 'a', attempt: 1, status: 'passed', exitCode: 0, durationMs: 5, startedAt: 't0', endedAt: 't1' } as const;
  const first = serializeLine(start, 0, '2026-01-01T00:00:00.000Z', GENESIS);
  const second = serializeLine(old, 1, '2026-01-01T00:00:01.000Z', first.hash);
  const [, end] = parseLog(`${first.line}\n${second.line}\n`, 'events.jsonl').events;
  assert.deepEqual({ ...end, seq: undefined, time: undefined, prev: undefined, hash: undefined }, { ...old, seq: undefined, time: undefined, prev: undefined, hash: undefined });
});
