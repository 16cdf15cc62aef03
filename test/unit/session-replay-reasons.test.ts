// Replay details evidence depends on: a later state clears a step's old "not run" reason, and an
// attempt cut off by a dying process is named as such in the HTML (card and event log).
import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StepOutcome } from '../../src/core/executor/types';
import type { Step } from '../../src/core/format/model';
import { parseRunbook } from '../../src/core/format/parse';
import { exportSession, verifyEvidence } from '../../src/core/evidence';
import { readSessionState, resumeSession } from '../../src/core/session';
import { outcome, recordSession, SECRET, tempDir, writeOutput } from '../fixtures/session/record';

const STOPPED = 'the run stopped at step rotate';

function notRun(step: Step): StepOutcome {
  const t = new Date().toISOString();
  return { stepId: step.id, status: 'not-run', exitCode: null, durationMs: 0, startedAt: t, endedAt: t, reason: STOPPED, output: { path: '', bytes: 0, sha256: '', tail: '', truncated: false } };
}

test('a check ticked, or a step passed on a re-run, after the run stopped loses the old "not run" reason', async () => {
  const { session, dir, text } = await recordSession({ sessionsDir: await tempDir('rb-reason-'), open: true, statuses: { rotate: 'failed' } });
  const steps = parseRunbook(text).steps;
  const check = steps.find((s) => s.id === 'confirm-check-1')!;
  const restart = steps.find((s) => s.id === 'restart')!;
  // What the executor records when a later run stops at `rotate`: the rest did not run.
  await session.onStepEnd?.(check, notRun(check));
  await session.onStepEnd?.(restart, notRun(restart));
  let state = await readSessionState(dir);
  assert.equal(state.steps['confirm-check-1']?.reason, STOPPED, 'before: the check carries the stop reason');
  assert.equal(state.steps.restart?.reason, STOPPED);

  await session.setCheck(check.id, true, 'bob'); // ticked by hand afterwards
  if (restart.kind !== 'code') throw new Error('restart is a code step');
  await session.onStepStart?.(restart, 2);
  const out = await writeOutput(session, restart.id, 2, 'restarted\n');
  await session.onStepEnd?.(restart, outcome(restart, 'passed', out));
  await session.end('passed');

  state = await readSessionState(dir);
  assert.equal(state.steps['confirm-check-1']?.status, 'passed');
  assert.equal(state.steps['confirm-check-1']?.reason, undefined, 'the tick replaced the stop reason');
  assert.equal(state.steps.restart?.status, 'passed');
  assert.equal(state.steps.restart?.reason, undefined);
  const html = await exportSession(dir, 'html', 'runbook test', '2026-11-29T10:00:00.000Z');
  assert.ok(!html.slice(0, html.indexOf('<h2>Event log</h2>')).includes(STOPPED), 'no stale "run stopped" reason on any card');
});

test('an attempt cut off by a crash is named in the HTML: on its card and on the session-resumed row', async () => {
  const { dir, text } = await recordSession({ sessionsDir: await tempDir('rb-cut-'), crashInStep: 'rotate', open: true });
  // A new writer resumes (the old one "died": its lock is this process, which resume may take over).
  const resumed = await resumeSession(dir, text, { variables: { HOST: 'web-01', TOKEN: SECRET }, secretNames: ['TOKEN'] });
  const rotate = parseRunbook(text).steps.find((s) => s.id === 'rotate')!;
  if (rotate.kind !== 'code') throw new Error('rotate is a code step');
  await resumed.onStepStart?.(rotate, 2);
  await resumed.onStepEnd?.(rotate, outcome(rotate, 'passed', await writeOutput(resumed, 'rotate', 2, 'rotated\n')));
  await resumed.end('passed');

  const html = await exportSession(dir, 'html', 'runbook test', '2026-11-29T10:00:00.000Z');
  const card = html.slice(html.indexOf('id="step-rotate"'), html.indexOf('</section>', html.indexOf('id="step-rotate"')));
  assert.match(card, /Attempt 1 interrupted \(process died\)/);
  assert.match(card, /class="badge s-passed">✓ passed</, 'attempt 2 passed');
  const row = html.split('\n').find((l) => l.includes('<td>session-resumed</td>'));
  assert.ok(row, 'the event log has a session-resumed row');
  assert.match(row, /interrupted \(process died\): rotate attempt 1/);
  const health = html.slice(html.indexOf('id="step-health"'), html.indexOf('</section>', html.indexOf('id="step-health"')));
  assert.doesNotMatch(health, /interrupted/, 'a step that ended is not labelled');

  const file = join(await tempDir('rb-cut-out-'), 'e.html');
  await writeFile(file, html);
  assert.equal((await verifyEvidence(file)).ok, true, 'the labelled export verifies');
});
