// What a Runme-style runbook leaves in a session: the step's Runme id is recorded as its alias
// when it starts (older logs without it still read), excludeFromRunAll steps are not run by
// `runbook run`, and a variable that merged `secret: true` (`<<: *secretvar`) is masked in the
// log, the outputs and every export — its value is never stored in clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSession, EXPORT_FORMATS, verifyEvidence, verifyExportText } from '../../src/core/evidence';
import { readSessionState } from '../../src/core/session';
import { filesUnder, runCliInProcess, workspace } from './cli-run-helpers';

const VALUE = 'replica-Pw-93kQz';

const BOOK = `---
variables:
  DB_PASSWORD: &secretvar
    secret: true
    description: Primary password
  REPLICA_PASSWORD:
    <<: *secretvar
    description: Replica password
---

# Replica

\`\`\`sh {"id":"01J5XT9V8W7X6Y5Z4A3B2C1D0E","name":"connect"}
echo "connecting with $REPLICA_PASSWORD"
\`\`\`

\`\`\`sh {"name":"wipe-replica","excludeFromRunAll":"true"}
echo wiped
\`\`\`
`;

test('sessions record the Runme id as the alias, skip excluded steps, and never hold a merged secret', async () => {
  const { dir, file } = workspace(BOOK);
  const sessions = join(dir, 'sessions');
  const run = await runCliInProcess(dir, [file, '--sessions', sessions, '--yes'], { env: { RUNBOOK_VAR_REPLICA_PASSWORD: VALUE, RUNBOOK_VAR_DB_PASSWORD: 'primary-Pw-77' } });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /connecting with •+/);
  assert.ok(!run.stdout.includes(VALUE));

  const [name] = readdirSync(sessions);
  const session = join(sessions, name!);
  const events = readFileSync(join(session, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const starts = events.filter((e) => e.type === 'step-start');
  assert.deepEqual(starts.map((e) => [e.stepId, e.alias]), [['connect', '01J5XT9V8W7X6Y5Z4A3B2C1D0E']]);
  const begin = events.find((e) => e.type === 'session-start')!;
  assert.deepEqual(begin.secretNames, ['DB_PASSWORD', 'REPLICA_PASSWORD']);

  const state = await readSessionState(session);
  assert.equal(state.steps.connect?.status, 'passed');
  assert.equal(state.steps['wipe-replica']?.status ?? 'pending', 'pending', 'excludeFromRunAll: not run by runbook run');

  for (const [path, bytes] of filesUnder(session)) assert.ok(!bytes.includes(VALUE), `${path} holds the merged secret`);
  for (const format of EXPORT_FORMATS) {
    const text = await exportSession(session, format, 'test');
    assert.ok(!text.includes(VALUE), `${format} export holds the merged secret`);
    // The alias in step-start is part of the chain: the session and its exports still verify.
    if (format === 'html' || format === 'json') assert.equal((await verifyExportText(format, text)).ok, true, `${format} export verifies`);
  }
  assert.equal((await verifyEvidence(session)).ok, true);
});

test('a step without a Runme id records no alias, and its log reads as before', async () => {
  const { dir, file } = workspace(BOOK.replace('{"id":"01J5XT9V8W7X6Y5Z4A3B2C1D0E","name":"connect"}', '{#connect}'));
  const sessions = join(dir, 'sessions');
  const run = await runCliInProcess(dir, [file, '--sessions', sessions, '--yes'], { env: { RUNBOOK_VAR_REPLICA_PASSWORD: VALUE, RUNBOOK_VAR_DB_PASSWORD: 'x-primary-1' } });
  assert.equal(run.code, 0, run.stderr);
  const session = join(sessions, readdirSync(sessions)[0]!);
  const start = readFileSync(join(session, 'events.jsonl'), 'utf8').split('\n').find((l) => l.includes('"step-start"'))!;
  assert.ok(!start.includes('"alias"'), 'no alias without a Runme id');
  assert.equal((await readSessionState(session)).steps.connect?.status, 'passed');
});
