// Faults: `kill -9` of a real `runbook run` (its run host, the session's writer, and the client) at 23 points — inside steps (bash and python),
// between steps, right after a manual check, at seeded random moments of a streaming step — and
// of a host process recording notes and checks. After each kill: the session log reads; every
// step result, check, note and output line shown before the kill is in the session; `runbook
// verify` passes; `--resume` finishes the run; verify passes again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSessionState, resumeSession } from '../../src/core/session';
import { readLog } from '../../src/core/session/replay';
import { parseRunbook } from '../../src/core/format';
import { bundleOf, descendantsOf, onlySession, runCliProcess, startCli, type CliChild } from './reliability-cli';
import { prng } from './reliability-fuzz-lib';
import { readHostInfo } from '../../src/runhost/files';
import { defaultScratchBase } from '../../src/core/executor/scratchDir';
import { tempDir, until } from './executor-helpers';

const BOOK = `# Kill points

## Bash
\`\`\`bash {#s1}
echo "s1 part-1"
[ "$HOLD" = s1-1 ] && sleep 600
echo "s1 part-2" >&2
[ "$HOLD" = s1-2 ] && sleep 600
true
\`\`\`

- [ ] the operator confirms the service answers

\`\`\`bash {#s2}
echo "s2 part-1"
[ "$HOLD" = s2-1 ] && { sleep 600 & sleep 600; }
echo "s2 part-2"
[ "$HOLD" = s2-2 ] && sleep 600
true
\`\`\`

## Python
\`\`\`python {#s3}
import os, time
print("s3 part-1", flush=True)
if os.environ.get("HOLD") == "s3-1": time.sleep(600)
print("s3 part-2", flush=True)
if os.environ.get("HOLD") == "s3-2": time.sleep(600)
\`\`\`

## Stream
\`\`\`bash {#s4}
n=3; [ "$HOLD" = stream ] && n=100000
i=0; while [ $i -lt $n ]; do i=$((i+1)); echo "line-$i"; sleep 0.003; done
\`\`\`

\`\`\`bash {#s5}
echo "s5 part-1"
[ "$HOLD" = s5-1 ] && sleep 600
echo "s5 part-2"
\`\`\`
`;

const CHECK_ID = parseRunbook(BOOK).steps.find((s) => s.kind === 'check')!.id;
const STEP_IDS = parseRunbook(BOOK).steps.map((s) => s.id);
const SHOWN_OUTPUT = /^(s\d part-\d|line-\d+)$/gm;

interface Workspace {
  readonly dir: string;
  readonly sessions: string;
}

function workspace(): Workspace {
  const dir = tempDir('rb-kill-');
  writeFileSync(join(dir, 'book.md'), BOOK);
  return { dir, sessions: join(dir, 'sessions') };
}

/**
 * SIGKILL the process that records the session — the run host of `runbook run` (found by its
 * host.json), or the process itself when it records in-process — and the CLI; then end what the
 * step left behind (a killed parent cannot): those are not ours to keep.
 */
async function kill9(cli: CliChild, sessions?: string): Promise<string> {
  const host = sessions ? readHostInfo(onlySession(sessions)) : undefined;
  const writer = host?.pid ?? cli.child.pid!;
  const orphans = descendantsOf(writer);
  const pgids = [...new Set(orphans.map((p) => p.pgid))];
  if (host) process.kill(host.pid, 'SIGKILL');
  cli.child.kill('SIGKILL');
  await cli.exited;
  // The host is not our child: wait until it is gone (and reaped) before reading the session.
  while (host && isAlive(host.pid)) await new Promise((r) => setTimeout(r, 10));
  for (const pgid of pgids) try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
  for (const p of orphans) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  return cli.output();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function verifyOk(ws: Workspace, dir: string, when: string): Promise<void> {
  const v = await runCliProcess(['verify', dir], ws.dir);
  assert.equal(v.code, 0, `verify ${when}: ${v.stderr}${v.stdout}`);
}

/** Everything the run showed before the kill is in the session; then resume and verify. */
async function checkAfterKill(ws: Workspace, shown: string, point: string): Promise<void> {
  const dir = onlySession(ws.sessions);
  const state = await readSessionState(dir);
  assert.equal(state.status, 'interrupted', point);
  for (const m of shown.matchAll(/^✓ passed (\S+)/gm)) assert.equal(state.steps[m[1]!]?.status, 'passed', `${point}: ${m[1]} was shown passed`);
  const files = readdirSync(join(dir, 'outputs'));
  const outputs = files.map((f) => readFileSync(join(dir, 'outputs', f), 'utf8')).join('\n');
  const evidence = () => `\n--- shown:\n${shown.slice(-1500)}\n--- outputs/ (${files.join(', ')}):\n${outputs.slice(-1500)}`;
  for (const m of shown.matchAll(SHOWN_OUTPUT)) assert.ok(outputs.includes(`${m[1]}\n`), `${point}: '${m[1]}' was shown but is not in the session's outputs${evidence()}`);
  await verifyOk(ws, dir, `after the kill at ${point}`);

  const resumed = await runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', dir, '--checks', 'pass'], ws.dir);
  assert.equal(resumed.code, 0, `${point}: resume: ${resumed.stdout}${resumed.stderr}`);
  const after = await readSessionState(dir);
  assert.equal(after.status, 'passed', point);
  for (const id of STEP_IDS) assert.equal(after.steps[id]?.status, 'passed', `${point}: ${id} after resume`);
  await verifyOk(ws, dir, `after resuming from ${point}`);
}

// Each kill point is its own workspace and process: run three at a time.
describe('kill -9 at 22 points', { concurrency: 3 }, () => {
  const HOLDS = ['s1-1', 's1-2', 's2-1', 's2-2', 's3-1', 's3-2', 's5-1'];
  for (const hold of HOLDS) {
    test(`kill -9 during step ${hold.replace('-', ', after part ')}`, async () => {
      const ws = workspace();
      const cli = startCli(['run', 'book.md', '--sessions', ws.sessions, '--checks', 'pass'], { cwd: ws.dir, env: { HOLD: hold } });
      const [id, part] = hold.split('-');
      await cli.waitFor(new RegExp(`^${id} part-${part}$`, 'm'));
      await checkAfterKill(ws, await kill9(cli, ws.sessions), `in ${hold}`);
    });
  }

  const BETWEEN = ['s1', CHECK_ID, 's2', 's3'];
  for (const after of BETWEEN) {
    test(`kill -9 right after ${after === CHECK_ID ? 'the manual check' : `step ${after}`} is shown passed`, async () => {
      const ws = workspace();
      // HOLD=s5-1 keeps the run from finishing before the kill lands.
      const cli = startCli(['run', 'book.md', '--sessions', ws.sessions, '--checks', 'pass'], { cwd: ws.dir, env: { HOLD: 's5-1' } });
      await cli.waitFor(new RegExp(`^✓ passed ${after}\\b`, 'm'));
      const shown = await kill9(cli, ws.sessions);
      await checkAfterKill(ws, shown, `after ${after}`);
      const log = (await readLog(onlySession(ws.sessions))).parsed.events;
      if (after === CHECK_ID) assert.ok(log.some((e) => e.type === 'check' && e.stepId === CHECK_ID && e.checked), 'the check shown before the kill is in the log');
    });
  }

  const random = prng(9);
  for (let k = 0; k < 6; k++) {
    const delayMs = Math.floor(random() * 600);
    test(`kill -9 ${delayMs} ms into a streaming step (random point ${k + 1})`, async () => {
      const ws = workspace();
      const cli = startCli(['run', 'book.md', '--sessions', ws.sessions, '--checks', 'pass'], { cwd: ws.dir, env: { HOLD: 'stream' } });
      await cli.waitFor(/^line-1$/m);
      await new Promise((r) => setTimeout(r, delayMs)); // the random kill point, not a wait for a result
      const shown = await kill9(cli, ws.sessions);
      const lines = [...shown.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
      assert.ok(lines.length >= 1);
      // Shown in order with no gap: the printer only shows what the session already wrote.
      assert.deepEqual(lines, lines.map((_, i) => i + 1));
      await checkAfterKill(ws, shown, `stream + ${delayMs} ms`);
    });
  }

  for (const killAfter of [1, 5, 12, 29, 47]) {
    test(`kill -9 of a host recording notes and checks, after ${killAfter} appends`, async () => {
      const ws = workspace();
      const driver = startCli([ws.sessions, join(ws.dir, 'book.md'), '1000000'], { cwd: ws.dir, script: bundleOf('test/unit/reliability-note-driver.ts') });
      await driver.waitFor(new RegExp(`^RECORDED ${killAfter}$`, 'm'));
      const shown = await kill9(driver);
      const recorded = Math.max(...[...shown.matchAll(/^RECORDED (\d+)$/gm)].map((m) => Number(m[1])));
      const dir = onlySession(ws.sessions);
      const events = (await readLog(dir)).parsed.events.filter((e) => e.type === 'note' || e.type === 'check');
      assert.ok(events.length >= recorded, `${recorded} appends were reported, ${events.length} are in the log`);
      for (let n = 1; n <= recorded; n++) {
        const e = events[n - 1]!;
        if (n % 3 === 0) assert.ok(e.type === 'check' && e.checked === (n % 2 === 0), `append ${n}`);
        else assert.ok(e.type === 'note' && e.text.startsWith(`note edit ${n} `), `append ${n}`);
      }
      const state = await readSessionState(dir);
      assert.equal(state.status, 'interrupted');
      await verifyOk(ws, dir, `after killing the note host at ${killAfter}`);
      const session = await resumeSession(dir, BOOK);
      await session.addNote('s1', 'after the crash');
      await session.end('passed');
      assert.equal((await readSessionState(dir)).steps.s1?.note, 'after the crash');
      await verifyOk(ws, dir, `after resuming the note host's session`);
    });
  }

  test('the output an interrupted attempt showed before the kill is recorded in the chain after resume', async () => {
    const ws = workspace();
    const cli = startCli(['run', 'book.md', '--sessions', ws.sessions, '--checks', 'pass'], { cwd: ws.dir, env: { HOLD: 's2-2' } });
    await cli.waitFor(/^s2 part-2$/m);
    await kill9(cli, ws.sessions);
    const dir = onlySession(ws.sessions);
    assert.equal((await runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', dir, '--checks', 'pass'], ws.dir)).code, 0);
    const events = (await readLog(dir)).parsed.events;
    assert.ok(events.some((e) => e.type === 'output' && e.stepId === 's2' && e.attempt === 1 && e.bytes > 0), 'no output event for the interrupted attempt s2#1');
  });

  test('a killed run host cannot remove its scratch directory (the state dump holds the environment): the next run does', async () => {
    const ws = workspace();
    const cli = startCli(['run', 'book.md', '--sessions', ws.sessions, '--checks', 'pass'], { cwd: ws.dir, env: { HOLD: 's1-1' } });
    await cli.waitFor(/^s1 part-1$/m);
    const host = readHostInfo(onlySession(ws.sessions))!;
    const scratchOfHost = () => readdirSync(defaultScratchBase()).filter((name) => name.startsWith('runbook-') && name.split('-')[2] === String(host.pid));
    assert.equal(scratchOfHost().length, 1, 'the host has its scratch directory while step s1 runs');
    await kill9(cli, ws.sessions);
    const dir = onlySession(ws.sessions);
    assert.equal((await runCliProcess(['run', 'book.md', '--sessions', ws.sessions, '--resume', dir, '--checks', 'pass'], ws.dir)).code, 0);
    // The next run's host removes it in the background, beside its run.
    await until(() => scratchOfHost().length === 0, "the killed host's scratch directory removed by the next run");
  });
});
