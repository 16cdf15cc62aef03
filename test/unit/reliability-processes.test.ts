// Cancel (Ctrl-C), timeout and background children through a real `runbook run`: afterwards no
// process of the step remains — neither in its process group nor among the descendants found by
// walking /proc from the CLI — and the run ends (no hang). Each step's processes carry a unique
// marker (`sleep <n>`), so the scan cannot confuse them with anything else on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSessionState } from '../../src/core/session';
import { descendantsOf, liveProcesses, onlySession, processesWithMarker, startCli } from './reliability-cli';

let next = 0;
/** A sleep duration nothing else uses, e.g. `sleep 7123.4567`. */
const marker = () => `${7000 + process.pid % 1000}.${String(++next).padStart(4, '0')}`;

/** Every way a step leaves processes behind, in one bash step. */
function busyStep(m: string, extra = ''): string {
  return [
    `sleep ${m} &`,
    `( sleep ${m} & wait ) &`,
    `nohup sleep ${m} >/dev/null 2>&1 &`,
    `sleep ${m} & disown`,
    `bash -c 'trap "" TERM INT HUP; sleep ${m}' &`,
    `python3 -c 'import subprocess,time; subprocess.Popen(["sleep","${m}"]); time.sleep(600)' &`,
    extra,
    'echo "children started"',
    `sleep ${m}`,
  ].join('\n');
}

function workspace(step: string, attrs = ''): { dir: string; sessions: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-procs-'));
  writeFileSync(join(dir, 'book.md'), `# Processes\n\n\`\`\`bash {#busy${attrs}}\n${step}\n\`\`\`\n\n\`\`\`bash {#after}\necho after\n\`\`\`\n`);
  return { dir, sessions: join(dir, 'sessions') };
}

async function settle(m: string, tries = 200): Promise<void> {
  // Killed processes disappear from /proc asynchronously: poll /proc (an event source here, not a
  // timing guess), bounded so a survivor fails the test instead of hanging it.
  for (let i = 0; i < tries && processesWithMarker(`sleep ${m}`).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
}

test('Ctrl-C during a step with background, nohup, disowned, TERM-ignoring and grandchild processes: none remain', async () => {
  const m = marker();
  const ws = workspace(busyStep(m));
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  // Wait until every child is up, so none starts after the scan.
  for (let i = 0; i < 200 && processesWithMarker(`sleep ${m}`).length < 7; i++) await new Promise((r) => setTimeout(r, 25));
  const before = descendantsOf(cli.child.pid!);
  assert.ok(processesWithMarker(`sleep ${m}`).length >= 7, `expected the step's 7 sleeps, saw ${processesWithMarker(`sleep ${m}`).length}`);
  cli.child.kill('SIGINT');
  const { code } = await cli.exited;
  assert.equal(code, 130, cli.output());
  await settle(m);
  assert.deepEqual(processesWithMarker(`sleep ${m}`).map((p) => p.cmdline), []);
  // And by the /proc walk: nothing that descended from the CLI before the cancel is alive.
  const alive = liveProcesses();
  assert.deepEqual(before.filter((p) => alive.some((q) => q.pid === p.pid && q.cmdline === p.cmdline)).map((p) => p.cmdline), []);
  const state = await readSessionState(onlySession(ws.sessions));
  assert.equal(state.steps.busy?.status, 'cancelled');
});

test('timeout with the same children: timed-out, none remain, the run ends', async () => {
  const m = marker();
  const ws = workspace(busyStep(m), ' timeout=1s');
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  const { code } = await cli.exited;
  assert.equal(code, 1, cli.output());
  assert.match(cli.output(), /⏱ timed-out busy \([\d.]+ m?s\): timed out after 1 s/);
  await settle(m);
  assert.deepEqual(processesWithMarker(`sleep ${m}`).map((p) => p.cmdline), []);
  assert.equal((await readSessionState(onlySession(ws.sessions))).steps.busy?.status, 'timed-out');
});

test('a step that passes but leaves background children: they are ended, the next step runs', async () => {
  const m = marker();
  const ws = workspace(`sleep ${m} &\n( sleep ${m} & ) &\nbash -c 'trap "" TERM; sleep ${m}' &\necho "children started"`);
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  const { code } = await cli.exited;
  assert.equal(code, 0, cli.output());
  assert.match(cli.output(), /^after$/m);
  await settle(m);
  assert.deepEqual(processesWithMarker(`sleep ${m}`).map((p) => p.cmdline), []);
});

test('a child that leaves the process group with setsid is ended on cancel too', async () => {
  const m = marker();
  const ws = workspace(`setsid sleep ${m} &\necho "children started"\nsleep ${m}`);
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  for (let i = 0; i < 200 && processesWithMarker(`sleep ${m}`).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  cli.child.kill('SIGINT');
  await cli.exited;
  await settle(m, 20);
  const left = processesWithMarker(`sleep ${m}`);
  for (const p of left) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  assert.deepEqual(left.map((p) => p.cmdline), []);
});

// Issue 17 (critical 6): processes that leave the step's process group *and* its ancestry
// (setsid + double fork: re-parented to init) or that sit in another process group (`set -m`)
// are found by the RUNBOOK_STEP_TOKEN in their environment.
const DAEMON = (m: string) => `( setsid sleep ${m} & )\nset -m; sleep ${m} &\nset +m\necho "children started"`;

async function upTo(m: string, n: number): Promise<void> {
  for (let i = 0; i < 200 && processesWithMarker(`sleep ${m}`).length < n; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(processesWithMarker(`sleep ${m}`).length >= n, `expected ${n} sleeps, saw ${processesWithMarker(`sleep ${m}`).length}`);
}

function killLeft(m: string): string[] {
  const left = processesWithMarker(`sleep ${m}`);
  for (const p of left) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  return left.map((p) => p.cmdline);
}

test('a double-forked setsid daemon and a set -m job do not survive a timeout', async () => {
  const m = marker();
  const ws = workspace(`${DAEMON(m)}\nsleep ${m}`, ' timeout=1s');
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  await upTo(m, 3);
  const { code } = await cli.exited;
  assert.equal(code, 1, cli.output());
  await settle(m, 80);
  assert.deepEqual(killLeft(m), []);
  assert.equal((await readSessionState(onlySession(ws.sessions))).steps.busy?.status, 'timed-out');
});

test('a double-forked setsid daemon does not survive Ctrl-C of the CLI', async () => {
  const m = marker();
  const ws = workspace(`${DAEMON(m)}\nsleep ${m}`);
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  await upTo(m, 3);
  cli.child.kill('SIGINT');
  assert.equal((await cli.exited).code, 130, cli.output());
  await settle(m, 80);
  assert.deepEqual(killLeft(m), []);
});

test('after a normal end, a set -m job and a setsid daemon are ended by default', async () => {
  const m = marker();
  const ws = workspace(DAEMON(m));
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  const { code } = await cli.exited;
  assert.equal(code, 0, cli.output());
  assert.match(cli.output(), /^after$/m);
  await settle(m, 80);
  assert.deepEqual(killLeft(m), []);
});

test('keep-background: nohup sleep & keeps running after a normal end (the test then ends it)', async () => {
  const m = marker();
  const ws = workspace(`nohup sleep ${m} >/dev/null 2>&1 &\n( setsid sleep ${m} >/dev/null 2>&1 & )\necho "children started"`, ' keep-background');
  const cli = startCli(['run', 'book.md', '--sessions', ws.sessions], { cwd: ws.dir });
  await cli.waitFor(/^children started$/m);
  await upTo(m, 2);
  const { code } = await cli.exited;
  assert.equal(code, 0, cli.output());
  // The CLI has exited, so any ending it would do is done: both must still be alive.
  const left = killLeft(m);
  assert.equal(left.length, 2, `expected both background sleeps alive, saw ${JSON.stringify(left)}`);
});
