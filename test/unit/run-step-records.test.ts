import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { appendTail, codeHash, isStale, newRecord, ranWith, progressOf, recordsFromState, TAIL_CHARS, toView } from '../../src/core/run';

const text = '# T\n\n```bash {#a}\necho a\n```\n\n```bash {#b}\nexit 1\n```\n\n```bash {#c}\necho c\n```\n\n- [ ] check\n';
const runbook = parseRunbook(text);

test('a step is stale once its code differs from the code it ran with, never while running', () => {
  const record = { ...newRecord(), status: 'passed' as const, codeSha256: codeHash('echo a\n') };
  assert.equal(isStale(record, 'echo a\n'), false);
  assert.equal(isStale(record, 'echo b\n'), true);
  assert.equal(isStale({ ...record, status: 'running' }, 'echo b\n'), false);
  assert.equal(isStale(newRecord(), 'anything'), false, 'never ran: not stale');
  assert.equal(toView('a', { ...record, codeSha256: codeHash('old') }, runbook).stale, true);
});

test('ranWith: the code a step last started with (the evidence shows that copy of a stale step)', () => {
  const record = { ...newRecord(), status: 'passed' as const, codeSha256: codeHash('echo a\n') };
  assert.equal(ranWith(record, 'echo a\n'), true);
  assert.equal(ranWith(record, 'echo b\n'), false);
  assert.equal(ranWith(newRecord(), 'echo a\n'), false, 'never ran: ran with nothing');
});

test('progress counts code steps done and failed', () => {
  const records = new Map([
    ['a', { ...newRecord(), status: 'passed' as const }],
    ['b', { ...newRecord(), status: 'failed' as const }],
    ['c', { ...newRecord(), status: 'running' as const }],
  ]);
  assert.deepEqual(progressOf(runbook, records), { done: 2, total: 3, failed: 1 });
  // interrupted counts as done and failed; not-run as neither; cancelled as done only
  const more = new Map([
    ['a', { ...newRecord(), status: 'interrupted' as const }],
    ['b', { ...newRecord(), status: 'not-run' as const }],
    ['c', { ...newRecord(), status: 'cancelled' as const }],
  ]);
  assert.deepEqual(progressOf(runbook, more), { done: 2, total: 3, failed: 1 });
});

test('a replayed session becomes records that keep the code hash the stale rule compares', () => {
  const records = recordsFromState({ steps: { a: { status: 'passed', attempts: 2, codeSha256: codeHash('echo old\n'), note: 'n' }, gone: { status: 'passed', attempts: 1 } } },
    (id) => id !== 'gone');
  assert.deepEqual([...records.keys()], ['a']);
  assert.equal(records.get('a')!.attempt, 2);
  assert.equal(toView('a', records.get('a')!, runbook).stale, true, 'ran with other code than the runbook has now');
});

test('the output tail is bounded while the byte count is exact', () => {
  const record = newRecord();
  const chunk = 'é'.repeat(1000);
  for (let i = 0; i < 100; i++) appendTail(record, chunk);
  assert.equal(record.outputBytes, 200_000);
  assert.equal(record.outputTail.length, TAIL_CHARS);
});
