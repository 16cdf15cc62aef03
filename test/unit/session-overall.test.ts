// Finish Session's overall status: from each step's latest state; unticked checks are "not done".
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { overallStatus } from '../../src/core/session';

test('the overall status: failed beats blocked beats cancelled beats passed; checks only fail when marked failed', () => {
  const code = (status?: string) => ({ kind: 'code' as const, status: status as never });
  const check = (status?: string) => ({ kind: 'check' as const, status: status as never });
  assert.deepEqual(overallStatus([code('passed'), check('pending'), code(undefined)]), { status: 'passed', checksNotDone: 1, stepsNotRun: 1 });
  assert.equal(overallStatus([code('passed'), code('timed-out'), code('blocked')]).status, 'failed');
  assert.equal(overallStatus([code('blocked'), code('cancelled')]).status, 'blocked');
  assert.equal(overallStatus([code('interrupted'), code('passed')]).status, 'cancelled');
  assert.equal(overallStatus([code('skipped'), check('skipped'), check('passed')]).status, 'passed');
  assert.equal(overallStatus([code('passed'), check('failed')]).status, 'failed');
  assert.deepEqual(overallStatus([]), { status: 'passed', checksNotDone: 0, stepsNotRun: 0 });
});
