// The one final-status rule (src/core/run/finalStatus.ts): from each step's latest state.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { finalStatus, finalStatusOf, type StepLatest } from '../../src/core/run';

const code = (status?: string, more: Partial<StepLatest> = {}): StepLatest => ({ kind: 'code', status: status as never, ...more });
const check = (status?: string, more: Partial<StepLatest> = {}): StepLatest => ({ kind: 'check', status: status as never, ...more });

test('failed beats blocked beats cancelled beats passed; checks only fail when decided failed', () => {
  assert.deepEqual(finalStatus([code('passed'), check('pending'), code(undefined)]), { status: 'passed', checksNotDone: 1, stepsNotRun: 1 });
  assert.equal(finalStatus([code('passed'), code('timed-out'), code('blocked')]).status, 'failed');
  assert.equal(finalStatus([code('blocked'), code('cancelled')]).status, 'blocked');
  assert.equal(finalStatus([code('interrupted'), code('passed')]).status, 'cancelled');
  assert.equal(finalStatus([code('skipped'), check('skipped'), check('passed')]).status, 'passed');
  assert.equal(finalStatus([code('passed'), check('failed')]).status, 'failed');
  assert.deepEqual(finalStatus([]), { status: 'passed', checksNotDone: 0, stepsNotRun: 0 });
});

test('where the executor summary and the old overall rule differed, the one rule decides', () => {
  // continue-on-error: the executor kept the run passed, the old overall rule said failed.
  assert.equal(finalStatus([code('failed', { continueOnError: true }), code('passed')]).status, 'passed');
  assert.equal(finalStatus([code('blocked', { continueOnError: true }), code('passed')]).status, 'passed');
  // failed, then passed on a re-run: the latest state counts (the executor saw only the last run).
  assert.equal(finalStatus([code('passed'), code('passed')]).status, 'passed');
  // a check cancelled while asked: the run was cancelled (the old rule counted it "not done").
  assert.equal(finalStatus([code('passed'), check('cancelled')]).status, 'cancelled');
  // a ticked check passes whatever status it had.
  assert.deepEqual(finalStatus([check('not-run', { checked: true })]), { status: 'passed', checksNotDone: 0, stepsNotRun: 0 });
  // steps the run stopped before (not-run) do not change the status the stop decided.
  assert.equal(finalStatus([code('blocked'), code('not-run'), check('not-run')]).status, 'blocked');
});

test('finalStatusOf reads continue-on-error from the runbook and the latest state per step', () => {
  const runbook = parseRunbook('# T\n\n```bash {#a continue-on-error}\nexit 1\n```\n\n```bash {#b}\necho b\n```\n\n- [ ] look\n');
  const latest = new Map<string, { status: 'failed' | 'passed'; checked?: boolean }>([['a', { status: 'failed' }], ['b', { status: 'passed' }]]);
  assert.deepEqual(finalStatusOf(runbook.steps, (id) => latest.get(id)), { status: 'passed', checksNotDone: 1, stepsNotRun: 0 });
  latest.set('b', { status: 'failed' });
  assert.equal(finalStatusOf(runbook.steps, (id) => latest.get(id)).status, 'failed');
});
