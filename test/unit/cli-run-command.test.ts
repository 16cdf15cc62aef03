// `runbook run` end to end in-process: real parser, real executor, real session recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../../src/core/format/parse';
import { openNewSession, readSessionState } from '../../src/core/session';
import { releaseLock } from '../../src/core/session/lock';
import { outcome, writeOutput } from '../fixtures/session/record';
import { filesUnder, runCliInProcess, workspace } from './cli-run-helpers';

const BOOK = `---
title: Demo
variables:
  TARGET:
    default: staging
    choices: [staging, production]
  TOKEN:
    secret: true
    required: true
---
# Demo

\`\`\`bash {#prepare}
export RELEASE=7
mkdir -p out && cd out
echo "prepare $TARGET token=$TOKEN"
\`\`\`

\`\`\`sh {#verify expect="^release 7 in out$"}
echo "release $RELEASE in $(basename "$PWD")"
\`\`\`

- [ ] Dashboard is green

\`\`\`bash {#ship confirm="Ship it?"}
echo shipped
\`\`\`

\`\`\`python {#report}
import os; print("report", os.environ["RELEASE"])
\`\`\`
`;

const SECRET = 'T0ps3cret-value';

function parseJson(stdout: string) {
  return JSON.parse(stdout) as { session: string; status: string; steps: { id: string; status: string; exitCode: number | null; durationMs: number; reason: string | null }[] };
}

test('--json: one summary; session recorded; secrets nowhere on disk; exit 0', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--var', `TOKEN=${SECRET}`, '--yes', '--checks', 'pass', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = parseJson(r.stdout);
  assert.equal(summary.status, 'passed');
  assert.deepEqual(summary.steps.map((s) => [s.id, s.status]), [['prepare', 'passed'], ['verify', 'passed'], ['demo-check-1', 'passed'], ['ship', 'passed'], ['report', 'passed']]);
  assert.deepEqual(Object.keys(summary.steps[0]!).sort(), ['durationMs', 'exitCode', 'id', 'reason', 'status']);
  const sessionDir = join(dir, '.runbook', 'sessions', summary.session);
  const state = await readSessionState(sessionDir);
  assert.equal(state.status, 'passed');
  assert.equal(state.steps.report!.status, 'passed');
  const files = filesUnder(join(dir, '.runbook'));
  assert.ok(files.size >= 5);
  for (const [path, content] of files) assert.ok(!content.includes(SECRET), `secret in ${path}`);
  assert.match(files.get(join(sessionDir, 'outputs', 'prepare.1.log'))?.toString() ?? '', /prepare staging token=••••••/);
});

test('live output without a TTY: plain headers, statuses and a summary; no --yes blocks the confirm step (exit 3)', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--var', `TOKEN=${SECRET}`]);
  assert.equal(r.code, 3);
  assert.ok(!r.stdout.includes('\x1b['), 'no colour when not a TTY');
  assert.match(r.stdout, /▶ prepare {2}Demo \[bash, line 13\]\nprepare staging token=••••••\n✓ passed prepare \([\d.]+ m?s\)/);
  assert.match(r.stdout, /↷ skipped demo-check-1: manual check skipped/);
  assert.match(r.stdout, /⊘ blocked ship: not confirmed\n· not-run report: the run stopped at step ship/);
  assert.match(r.stdout, /Run blocked: 2 passed, 1 skipped, 1 blocked, 1 not-run/);
  assert.match(r.stdout, /pass --yes/);
  assert.ok(!r.stdout.includes(SECRET));
});

test('a failing step: exit 1, reason in the summary, later steps not-run', async () => {
  const { dir, file } = workspace('# F\n\n```bash {#a}\nexit 4\n```\n\n```bash {#b}\necho b\n```\n');
  const r = await runCliInProcess(dir, [file, '--json']);
  assert.equal(r.code, 1);
  const s = parseJson(r.stdout);
  assert.equal(s.status, 'failed');
  assert.deepEqual(s.steps, [
    { id: 'a', status: 'failed', exitCode: 4, durationMs: s.steps[0]!.durationMs, reason: 'exit code 4 is not in expect-exit (0)' },
    { id: 'b', status: 'not-run', exitCode: null, durationMs: 0, reason: 'the run stopped at step a' },
  ]);
});

test('a timed-out step: exit 1 and status timed-out', async () => {
  const { dir, file } = workspace('# T\n\n```bash {#slow timeout=1s}\nsleep 30\n```\n');
  const r = await runCliInProcess(dir, [file, '--json']);
  assert.equal(r.code, 1);
  assert.deepEqual(parseJson(r.stdout).steps.map((s) => [s.status, s.reason]), [['timed-out', 'timed out after 1 s']]);
});

test('bad input exits 2 with file:line messages: missing required variable, bad choice, unknown step, unreadable file', async () => {
  const { dir, file } = workspace(BOOK);
  const missing = await runCliInProcess(dir, [file]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^book\.md:\d+: variable TOKEN \(secret\) is required and has no value: set RUNBOOK_VAR_TOKEN in the environment or pass --var TOKEN=…$/m);
  const choice = await runCliInProcess(dir, [file, '--var', 'TOKEN=x', '--var', 'TARGET=prod']);
  assert.equal(choice.code, 2);
  assert.match(choice.stderr, /book\.md:\d+: variable TARGET: "prod" is not one of staging, production/);
  const unknown = await runCliInProcess(dir, [file, '--var', 'TOKEN=x', '--only', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no step with id 'nope' in this runbook \(steps: prepare, verify/);
  const nofile = await runCliInProcess(dir, ['missing.md']);
  assert.equal(nofile.code, 2);
  assert.match(nofile.stderr, /missing\.md: no such file/);
  assert.ok(!existsSync(join(dir, '.runbook')), 'nothing recorded for bad input');
});

test('RUNBOOK_VAR_NAME supplies a variable (secrets off the command line); --only and --from', async () => {
  const { dir, file } = workspace(BOOK);
  const only = await runCliInProcess(dir, [file, '--only', 'verify', '--json'], { env: { RUNBOOK_VAR_TOKEN: SECRET } });
  const s1 = parseJson(only.stdout);
  assert.deepEqual(s1.steps.map((s) => [s.id, s.status]), [['verify', 'failed']]); // no RELEASE: prepare did not run
  const from = await runCliInProcess(dir, [file, '--from', 'ship', '--yes', '--json'], { env: { RUNBOOK_VAR_TOKEN: SECRET } });
  assert.deepEqual(parseJson(from.stdout).steps.map((s) => s.id), ['ship', 'report']);
});

test('--dry-run lists steps and variables with secrets masked and runs nothing', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--var', `TOKEN=${SECRET}`, '--dry-run']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /TARGET=staging\n {2}TOKEN=••••••/);
  assert.match(r.stdout, /ship {2}line \d+ {2}bash: [^\n]*\(asks for confirmation\)/);
  assert.ok(!r.stdout.includes(SECRET));
  assert.ok(!existsSync(join(dir, 'out')) && !existsSync(join(dir, '.runbook')));
});

test('on a TTY, confirm gates and manual checks are asked', async () => {
  const { dir, file } = workspace(BOOK);
  const yes = await runCliInProcess(dir, [file, '--var', 'TOKEN=x', '--json'], { answers: ['s', 'y'] });
  assert.equal(yes.code, 0, yes.stderr);
  assert.equal(yes.questions.length, 2);
  assert.match(yes.questions[0]!, /Manual check: Dashboard is green/);
  assert.match(yes.questions[1]!, /ship: Ship it\? Run this step\? \[y\/N\]/);
  assert.deepEqual(parseJson(yes.stdout).steps.map((s) => s.status), ['passed', 'passed', 'skipped', 'passed', 'passed']);
  const no = await runCliInProcess(dir, [file, '--var', 'TOKEN=x', '--json'], { answers: ['f'] });
  assert.equal(no.code, 1);
  assert.deepEqual(parseJson(no.stdout).steps.map((s) => s.status), ['passed', 'passed', 'failed', 'not-run', 'not-run']);
});

test('--resume continues an unfinished session from its first unfinished step', async () => {
  const { dir, file } = workspace('# R\n\n```bash {#one}\necho one\n```\n\n```bash {#two}\ntest -e "$HOME_MARK"\n```\n\n```bash {#three}\necho three\n```\n');
  const mark = join(dir, 'mark');
  const env = { HOME_MARK: mark };
  const first = await runCliInProcess(dir, [file, '--json'], { env });
  assert.equal(first.code, 1);
  const id = parseJson(first.stdout).session;
  // A failed run ends its session; resuming needs an unfinished one: simulate a crash by
  // checking that an ended session is refused with a clear message.
  const refused = await runCliInProcess(dir, [file, '--resume', id, '--json'], { env });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /this session ended \(failed\)/);
  writeFileSync(mark, '');
  assert.ok(refused.stdout === '');
});

// The exit code and the session's end status follow the one final-status rule (src/core/run/finalStatus.ts),
// in the cases where the executor's summary of this run alone said otherwise.
test('continue-on-error: the failure is reported but the run and the session pass (exit 0)', async () => {
  const { dir, file } = workspace('# C\n\n```bash {#flaky continue-on-error}\nexit 2\n```\n\n```bash {#after}\necho after\n```\n');
  const r = await runCliInProcess(dir, [file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = parseJson(r.stdout);
  assert.equal(s.status, 'passed');
  assert.deepEqual(s.steps.map((x) => [x.id, x.status]), [['flaky', 'failed'], ['after', 'passed']]);
  assert.equal((await readSessionState(join(dir, '.runbook', 'sessions', s.session))).status, 'passed');
});

/** An unfinished session (its writer died) in which step `a` failed. */
async function sessionWithFailedA(dir: string, file: string): Promise<string> {
  const text = readFileSync(join(dir, file), 'utf8');
  const session = await openNewSession({ sessionsDir: join(dir, '.runbook', 'sessions'), runbookPath: join(dir, file), runbookText: text, variables: {}, secretNames: [], tool: { name: 'test', version: '0' } });
  const a = parseRunbook(text).steps[0]!;
  assert.ok(a.kind === 'code');
  await session.onStepStart?.(a, 1);
  await session.onStepEnd?.(a, outcome(a, 'failed', await writeOutput(session, 'a', 1, 'no\n')));
  await releaseLock(session.dir); // as if the process had died: the session stays unfinished
  return session.id;
}

test('a resumed session: a failed step that passes on the re-run counts as passed; one left failed fails the session', async () => {
  const { dir, file } = workspace('# R\n\n```bash {#a}\necho a\n```\n\n```bash {#b}\necho b\n```\n');
  const rerun = await runCliInProcess(dir, [file, '--resume', await sessionWithFailedA(dir, file), '--only', 'a', '--json']);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.equal(parseJson(rerun.stdout).status, 'passed');
  // This run (b alone) passes, but the session still holds a's failure: it ends failed, exit 1.
  const other = await runCliInProcess(dir, [file, '--resume', await sessionWithFailedA(dir, file), '--only', 'b', '--json']);
  assert.equal(other.code, 1, other.stderr);
  const s = parseJson(other.stdout);
  assert.deepEqual([s.status, s.steps.map((x) => [x.id, x.status])], ['failed', [['b', 'passed']]]);
  assert.equal((await readSessionState(join(dir, '.runbook', 'sessions', s.session))).status, 'failed');
});
