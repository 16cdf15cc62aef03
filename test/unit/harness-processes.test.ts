// The harness ends what it starts: stopping a process group also ends its grandchildren
// (code-server's file watcher and language servers are such grandchildren).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, startGroup, stopGroup, waitForOutput } from '../harness/processes';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('stopGroup ends the child and the processes it spawned', async () => {
  const child = startGroup('bash', ['-c', 'sleep 300 & echo "grandchild $!"; wait']);
  const match = await waitForOutput(child, /grandchild (\d+)/, 'the grandchild pid', 10_000);
  const grandchild = Number(match[1]);
  assert.ok(alive(grandchild));
  await stopGroup(child);
  assert.equal(alive(child.pid!), false);
  assert.equal(alive(grandchild), false);
});

test('stopGroup escalates to SIGKILL when SIGTERM is ignored', async () => {
  const child = startGroup('bash', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done']);
  await waitForOutput(child, /ready/, 'the stubborn child', 10_000);
  await stopGroup(child);
  assert.equal(alive(child.pid!), false);
});

test('waitForOutput rejects with the output when the process exits first', async () => {
  const child = startGroup('bash', ['-c', 'echo boom; exit 3']);
  await assert.rejects(waitForOutput(child, /never/, 'a line', 10_000), /exited \(code 3\)[\s\S]*boom/);
});

test('freePort gives a port nobody listens on', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
});
