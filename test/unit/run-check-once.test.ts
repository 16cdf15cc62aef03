// A step's state is recorded once: a manual check ticked in the panel (or ticked by an earlier
// run's answer) and then reached by Run all is passed without asking and without a second tick;
// ticking a ticked check or skipping a skipped step records nothing new. The evidence shows one
// tick with its author and time. (Before: Run all asked the host, which answered "passed" for a
// ticked check, and the session recorded a second tick.)
import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckDecision, ExecutorHost } from '../../src/core/executor/types';
import { parseRunbook } from '../../src/core/format/parse';
import { startRecordedRun } from '../../src/core/run';
import { openNewSession } from '../../src/core/session';
import { parseLog } from '../../src/core/session/chain';
import { exportSession } from '../../src/core/evidence';
import { tempDir } from './executor-helpers';

const TEXT = '# Checks\n\n```bash {#before}\ntrue\n```\n\n- [ ] The dashboard is green\n\n```bash {#after}\ntrue\n```\n';

async function recorded(answer: CheckDecision = 'passed') {
  const dir = await tempDir('rb-check-once-');
  const file = join(dir, 'checks.md');
  const runbook = parseRunbook(TEXT, { fileName: file });
  const session = await openNewSession({ sessionsDir: join(dir, 'sessions'), runbookPath: file, runbookText: TEXT, variables: {}, secretNames: [], tool: { name: 'test', version: '0' }, user: 'alice', host: 'h' });
  const asked: string[] = [];
  const host: ExecutorHost = {
    confirm: async () => true,
    decideCheck: async (step) => {
      asked.push(step.id);
      return answer;
    },
  };
  const run = startRecordedRun({ runbook, baseDir: dir, variables: {}, session, host });
  const check = runbook.steps.find((s) => s.kind === 'check')!.id;
  const events = async () => parseLog(await readFile(join(session.dir, 'events.jsonl'), 'utf8'), 'events.jsonl').events;
  const of = async (type: string, stepId: string) => (await events()).filter((e) => e.type === type && 'stepId' in e && e.stepId === stepId);
  return { run, session, check, asked, of };
}

test('a check ticked in the panel, then reached by Run all: not asked, not ticked again; one tick in the evidence', async () => {
  const { run, session, check, asked, of } = await recorded();
  await run.tick(check, true);
  const summary = await run.run({ kind: 'all' });
  assert.equal(summary.status, 'passed');
  assert.deepEqual(asked, [], 'the ticked check was asked again');
  assert.equal(summary.steps.find((s) => s.id === check)?.status, 'passed');
  const ticks = await of('check', check);
  assert.equal(ticks.length, 1, `ticks recorded: ${JSON.stringify(ticks)}`);
  assert.equal((ticks[0] as { author: string }).author, 'alice');
  assert.deepEqual(await of('step-end', check), [], 'no step-end re-records the check either');
  assert.equal(run.records.get(check)?.checked, true);
  await run.finish();
  const md = await exportSession(session.dir, 'md', 'test');
  assert.equal(md.match(/☑ ticked by alice at \S+/g)?.length, 1, md);
});

test('a check ticked by one Run all\'s answer is not asked or recorded again by the next', async () => {
  const { run, check, asked, of } = await recorded('passed');
  await run.run({ kind: 'all' });
  await run.run({ kind: 'all' });
  await run.run({ kind: 'step', stepId: check });
  assert.deepEqual(asked, [check]);
  assert.equal((await of('check', check)).length, 1);
});

test('a check answered "skipped" or unticked is asked again (only a tick settles it)', async () => {
  const { run, check, asked } = await recorded('skipped');
  await run.run({ kind: 'all' });
  await run.run({ kind: 'all' });
  assert.deepEqual(asked, [check, check]);
  await run.tick(check, true);
  await run.tick(check, false);
  await run.run({ kind: 'all' });
  assert.equal(asked.length, 3, 'unticked: asked again');
});

test('ticking a ticked check, unticking an unticked one or skipping a skipped step records nothing new', async () => {
  const { run, check, of } = await recorded();
  await run.tick(check, false);
  assert.equal((await of('check', check)).length, 0, 'an untick of a check never ticked');
  await run.tick(check, true);
  await run.tick(check, true);
  assert.equal((await of('check', check)).length, 1);
  await run.skip('after', 'not today');
  await run.skip('after', 'not today');
  assert.equal((await of('step-skipped', 'after')).length, 1);
  await run.tick(check, false);
  assert.equal((await of('check', check)).length, 2, 'a real change is recorded');
});
