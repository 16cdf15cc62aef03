// `runbook run` as a real process: Ctrl-C (SIGINT) cancels the running step and exits 130 with
// no step process left; a crashed in-process run (--no-host, SIGKILL) is continued with --resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSessionState } from '../../src/core/session';
import { processesInGroup } from './executor-helpers';
import { runCliInProcess, workspace } from './cli-run-helpers';
import { startCli } from './reliability-cli';

const ROOT = resolve(__dirname, '..', '..');
/** `runbook run …` as a child process (the shared driver from the reliability helpers). */
const startRun = (args: readonly string[]) => startCli(['run', ...args], { cwd: ROOT });

const BOOK = '# P\n\n```bash {#one}\necho one\n```\n\n```bash {#two}\necho "PGID=$$ ready"\nif [ ! -e "${DIR:-/nonexistent}/go" ]; then sleep 100 & sleep 100; fi\necho two-done\n```\n\n```bash {#three}\necho three\n```\n';

test('Ctrl-C cancels the running step: exit 130, status cancelled, no step process left', async () => {
  const { dir } = workspace(BOOK);
  const cli = startRun([join(dir, 'book.md'), '--sessions', join(dir, 'sessions')]);
  const m = await cli.waitFor(/PGID=(\d+) ready\n/);
  const pgid = Number(m[1]);
  // The echo comes before the sleeps start: poll /proc (bounded) until both are up.
  for (let i = 0; i < 200 && processesInGroup(pgid).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(processesInGroup(pgid).length >= 2);
  const done = cli.exited.then((r) => r.code);
  cli.child.kill('SIGINT');
  assert.equal(await done, 130, cli.output());
  assert.match(cli.output(), /⊘ cancelled two \(\d+(\.\d)? m?s\): cancelled\n· not-run three: the run was cancelled/);
  assert.match(cli.output(), /Run cancelled/);
  assert.deepEqual(processesInGroup(pgid), []);
  const [id] = readdirSync(join(dir, 'sessions'));
  assert.equal((await readSessionState(join(dir, 'sessions', id!))).status, 'cancelled');
});

test('--resume continues a crashed session from the interrupted step, numbering attempts on', async () => {
  const { dir, file } = workspace(BOOK);
  // --no-host: the CLI itself records, so killing it is a crash (with a run host the run would go on; see runhost-*.test.ts).
  const cli = startRun([join(dir, 'book.md'), '--sessions', join(dir, 'sessions'), '--no-host']);
  const m = await cli.waitFor(/PGID=(\d+) ready\n/);
  const done = cli.exited.then((r) => r.code);
  cli.child.kill('SIGKILL'); // a crash: the session stays unfinished
  await done;
  process.kill(-Number(m[1]), 'SIGKILL'); // the orphaned step (a crashed CLI cannot clean up)
  const [id] = readdirSync(join(dir, 'sessions'));
  writeFileSync(join(dir, 'go'), '');
  const r = await runCliInProcess(dir, [file, '--sessions', 'sessions', '--resume', id!, '--json'], { env: { DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { session: string; steps: { id: string; status: string }[] };
  assert.equal(summary.session, id);
  assert.deepEqual(summary.steps.map((s) => [s.id, s.status]), [['two', 'passed'], ['three', 'passed']]);
  const state = await readSessionState(join(dir, 'sessions', id!));
  assert.equal(state.status, 'passed');
  assert.equal(state.steps.two!.attempts, 2);
  assert.equal(state.steps.one!.attempts, 1);
});
