// listProcesses({ since }): only processes whose pid was allocated since a mark are read — probed
// pid by pid when the range is short, else listed from /proc — and nothing older is returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lastAllocatedPid, listProcesses, readProcess } from '../../src/core/executor/processes';

const linux = process.platform === 'linux';

test('since a mark with no pid allocated after it: no process (not every process on the machine)', { skip: !linux }, () => {
  const last = lastAllocatedPid();
  assert.ok(last !== undefined);
  const self = readProcess(process.pid)!;
  const found = listProcesses({ since: { pid: last + 1, startTime: 0 } });
  // Other processes on the machine may start meanwhile; this process and older ones never qualify.
  assert.ok(found.every((p) => p.pid > last), `found processes older than the mark: ${found.filter((p) => p.pid <= last).map((p) => p.pid).join(', ')}`);
  assert.ok(!found.some((p) => p.pid === self.pid));
});

test('a process started after the mark is found; one started before it is not', { skip: !linux }, async () => {
  const before = spawn('sleep', ['30'], { stdio: 'ignore' });
  const mark = lastAllocatedPid()! + 1;
  const after = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise((r) => after.once('spawn', r));
    const pids = listProcesses({ since: { pid: mark, startTime: 0 } }).map((p) => p.pid);
    assert.ok(pids.includes(after.pid!), 'the process started after the mark is listed');
    assert.ok(!pids.includes(before.pid!), 'the process started before the mark is not');
  } finally {
    before.kill('SIGKILL');
    after.kill('SIGKILL');
  }
});

test('a mark far in the past (a wide range) lists /proc and still finds this process', { skip: !linux }, () => {
  const pids = listProcesses({ since: { pid: 1, startTime: 0 } }).map((p) => p.pid);
  assert.ok(pids.includes(process.pid));
  assert.ok(pids.length > 1);
});
