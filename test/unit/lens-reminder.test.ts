// The CodeLens reminder (src/extension/editor/lensReminder.ts): an announced status change is
// announced again, with growing delays, until VS Code asks for that runbook's lenses; never for a
// runbook out of view, never once asked. Time is node:test's mock clock: no test waits.
import assert from 'node:assert/strict';
import { beforeEach, afterEach, mock, test } from 'node:test';
import { LensReminder } from '../../src/extension/editor/lensReminder';

const A = 'file:///w/a.md';
const B = 'file:///w/b.md';

let fired: number;
let visible: Set<string>;
let reminder: LensReminder;

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  fired = 0;
  visible = new Set([A, B]);
  reminder = new LensReminder(() => fired++, (key) => visible.has(key), [100, 200, 400]);
});
afterEach(() => {
  reminder.dispose();
  mock.timers.reset();
});

test('a change VS Code does not ask for is announced again after each delay, then no more', () => {
  reminder.announced(A);
  mock.timers.tick(99);
  assert.equal(fired, 0, 'not before the first delay');
  mock.timers.tick(1);
  assert.equal(fired, 1, 'again after 100 ms');
  mock.timers.tick(200);
  assert.equal(fired, 2, 'again 200 ms later');
  mock.timers.tick(400);
  assert.equal(fired, 3, 'again 400 ms later');
  mock.timers.tick(10_000);
  assert.equal(fired, 3, 'the delays are used up: no endless events');
  assert.deepEqual(reminder.pending, []);
});

test('once VS Code asks for the runbook, nothing is owed: no reminder', () => {
  reminder.announced(A);
  mock.timers.tick(50);
  reminder.asked(A);
  mock.timers.tick(10_000);
  assert.equal(fired, 0);
});

test('asked after a reminder: the later reminders stop', () => {
  reminder.announced(A);
  mock.timers.tick(100);
  assert.equal(fired, 1);
  reminder.asked(A);
  mock.timers.tick(10_000);
  assert.equal(fired, 1);
});

test('a new change starts the delays over', () => {
  reminder.announced(A);
  mock.timers.tick(100);
  mock.timers.tick(200);
  assert.equal(fired, 2);
  reminder.announced(A);
  mock.timers.tick(100);
  assert.equal(fired, 3, 'the first delay again, not the third');
});

test('a runbook out of view is not reminded about (VS Code asks when it is shown)', () => {
  visible.delete(A);
  reminder.announced(A);
  mock.timers.tick(10_000);
  assert.equal(fired, 0);
  assert.deepEqual(reminder.pending, []);
});

test('runbooks are owed separately: asking for one leaves the other owed', () => {
  reminder.announced(A);
  reminder.announced(B);
  reminder.asked(A);
  assert.deepEqual(reminder.pending, [B]);
  mock.timers.tick(100);
  assert.equal(fired, 1, 'one reminder, for B');
});

test('dispose cancels every pending reminder', () => {
  reminder.announced(A);
  reminder.announced(B);
  reminder.dispose();
  mock.timers.tick(10_000);
  assert.equal(fired, 0);
});
