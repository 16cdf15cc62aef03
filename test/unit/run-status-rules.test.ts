// Status rules the shells used to restate, now once in src/core/run/status.ts: what a resumed run
// counts as done, which session statuses are unfinished, which statuses are check decisions,
// which end without a process. A scan keeps literal status sets out of the shells.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { CHECK_DECISIONS, endedByRunbook, endedWithoutStarting, firstNotDone, hasEnded, isCheckDecision, isDone, isSessionUnfinished, STEP_STATUSES } from '../../src/core/run/status';

test('done for a resumed run: passed, skipped or a ticked check; a failed step is redone', () => {
  assert.deepEqual(STEP_STATUSES.filter((status) => isDone({ status })), ['passed', 'skipped']);
  assert.equal(isDone({ status: 'pending', checked: true }), true);
  assert.equal(isDone({ status: 'passed', checked: false }), true);
  assert.equal(isDone(undefined), false);
  assert.equal(isDone({}), false);
});

test('firstNotDone: the first step in runbook order that is not done', () => {
  const runbook = parseRunbook('# R\n\n```bash {#a}\ntrue\n```\n\n- [ ] look\n\n```bash {#b}\ntrue\n```\n\n```bash {#c}\ntrue\n```\n');
  const [a, look, b] = runbook.steps.map((s) => s.id);
  const states: Record<string, { status: 'passed' | 'failed' | 'skipped' | 'pending'; checked?: boolean }> = { [a!]: { status: 'passed' }, [look!]: { status: 'pending', checked: true }, [b!]: { status: 'failed' } };
  assert.equal(firstNotDone(runbook.steps, (id) => states[id]), b);
  states[b!] = { status: 'skipped' };
  assert.equal(firstNotDone(runbook.steps, (id) => states[id]), 'c', 'a step with no state is not done');
  assert.equal(firstNotDone(runbook.steps, () => ({ status: 'passed' })), undefined);
});

test('a session is unfinished while running or after its writer stopped; ended ones are not', () => {
  assert.deepEqual((['running', 'interrupted', 'passed', 'failed', 'blocked', 'cancelled'] as const).filter(isSessionUnfinished), ['running', 'interrupted']);
});

test('check decisions are the statuses a manual check ends with; only they count as one', () => {
  assert.deepEqual(STEP_STATUSES.filter(isCheckDecision), [...CHECK_DECISIONS].sort((x, y) => STEP_STATUSES.indexOf(x) - STEP_STATUSES.indexOf(y)));
  assert.equal(isCheckDecision('cancelled'), false);
});

test('steps that end without starting a process (no duration to show)', () => {
  assert.deepEqual(STEP_STATUSES.filter(endedWithoutStarting), ['skipped', 'blocked', 'not-run']);
});

test('ended: everything but pending and running (a step the run passed over has ended); ended by Runbook: cancel and timeout', () => {
  assert.deepEqual(STEP_STATUSES.filter((s) => !hasEnded(s)), ['pending', 'running']);
  assert.deepEqual(STEP_STATUSES.filter(endedByRunbook), ['timed-out', 'cancelled']);
});

// A literal list of two or more step statuses in a shell is a status set restated beside the core.
const SHELLS = ['src/extension', 'src/webview', 'src/cli', 'src/runhost', 'src/server'];
const root = join(__dirname, '..', '..');
const STATUS_WORD = `'(?:${STEP_STATUSES.join('|')})'`;
const STATUS_LIST = new RegExp(`\\[\\s*${STATUS_WORD}(?:\\s*,\\s*${STATUS_WORD})+`);
const TWO_TESTS = new RegExp(`\\.status\\s*[!=]==\\s*${STATUS_WORD}\\s*(?:&&|\\|\\|)\\s*[\\w.?]*\\.status\\s*[!=]==\\s*${STATUS_WORD}`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('no shell restates a status set (lists of statuses or two status tests in a row): they call src/core/run', () => {
  const found: string[] = [];
  for (const file of SHELLS.flatMap((d) => files(join(root, d)))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (STATUS_LIST.test(line) || TWO_TESTS.test(line)) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
