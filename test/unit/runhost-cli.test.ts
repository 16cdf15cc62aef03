// `runbook run` as a client of a run host, with real processes: the run outlives its client
// (kill -9, SIGHUP), Ctrl-C cancels the whole tree, `attach` follows a live run, two clients
// see every event.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSessionState } from '../../src/core/session';
import { runCliProcess, startCli } from './reliability-cli';
import { book, events, noHostLeft, sessionDirOf, stepProcesses, untilLogged } from './runhost-helpers';

after(noHostLeft);

/** Step one prints `one-started`, then waits for the file `go` beside the runbook. */
const THREE = (dir: string) => `# Three

\`\`\`bash {#one}
echo one-started
while [ ! -e "${dir}/go" ]; do sleep 0.05; done
echo one-done
\`\`\`

\`\`\`bash {#two}
echo two
\`\`\`

\`\`\`bash {#three}
echo three
\`\`\`
`;

for (const signal of ['SIGKILL', 'SIGHUP'] as const) {
  test(`${signal} to the runbook run client mid-step: all three steps pass and are recorded`, async () => {
    const b = book('');
    writeFileSync(b.file, THREE(b.dir));
    const cli = startCli(['run', b.file, '--sessions', b.sessions], { cwd: b.dir });
    await cli.waitFor(/one-started\n/);
    const dir = await sessionDirOf(b);
    const exited = cli.exited;
    cli.child.kill(signal);
    const { code, signal: got } = await exited;
    if (signal === 'SIGHUP') {
      assert.equal(code, 129, cli.output());
      assert.match(cli.output(), /Detached \(SIGHUP\); the run goes on/);
    } else assert.equal(got, 'SIGKILL');
    writeFileSync(join(b.dir, 'go'), '');
    await untilLogged(dir, 'session-end', (e) => e.type === 'session-end');
    const state = await readSessionState(dir);
    assert.equal(state.status, 'passed');
    assert.deepEqual(Object.fromEntries(Object.entries(state.steps).map(([id, s]) => [id, s.status])), { one: 'passed', two: 'passed', three: 'passed' });
    const verify = await runCliProcess(['verify', dir], b.dir);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
}

test('Ctrl-C of runbook run cancels: exit 130, recorded cancelled, the step\'s whole tree is gone', async () => {
  const b = book(`# C

\`\`\`bash {#one}
sleep 300 & ( setsid sleep 301 & ) ; nohup sleep 302 >/dev/null 2>&1 &
echo children-started
wait
\`\`\`

\`\`\`bash {#two}
echo two
\`\`\`
`);
  const cli = startCli(['run', b.file, '--sessions', b.sessions], { cwd: b.dir });
  await cli.waitFor(/children-started\n/);
  const dir = await sessionDirOf(b);
  const id = (await readSessionState(dir)).id;
  assert.ok(stepProcesses(id).length >= 3, 'the step and its children carry the mark');
  const exited = cli.exited;
  cli.child.kill('SIGINT');
  assert.equal((await exited).code, 130, cli.output());
  assert.match(cli.output(), /⊘ cancelled one/);
  assert.match(cli.output(), /Run cancelled/);
  assert.equal((await readSessionState(dir)).status, 'cancelled');
  assert.deepEqual(stepProcesses(id), [], 'no process of the step is left');
});

test('runbook attach shows the output so far, then live output, until the run ends', async () => {
  const b = book('');
  writeFileSync(b.file, THREE(b.dir));
  const started = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--detach'], b.dir);
  assert.equal(started.code, 0, started.stderr);
  const id = /Session (\S+) is running in run host \d+/.exec(started.stdout)![1]!;
  assert.match(started.stdout, new RegExp(`runbook attach ${id}`));
  const dir = await sessionDirOf(b);
  await untilLogged(dir, 'step one started', (e) => e.type === 'step-start' && e.stepId === 'one');
  const attach = startCli(['attach', id, '--sessions', b.sessions], { cwd: b.dir });
  await attach.waitFor(/▶ one[^\n]*\none-started\n/);
  writeFileSync(join(b.dir, 'go'), '');
  await attach.waitFor(/one-done\n✓ passed one/);
  const { code } = await attach.exited;
  assert.equal(code, 0, attach.output());
  assert.match(attach.output(), /✓ passed two[\s\S]*✓ passed three[\s\S]*Run passed/);
});

test('two clients attached at once both see every event', async () => {
  const b = book('');
  writeFileSync(b.file, THREE(b.dir));
  const started = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--detach'], b.dir);
  const id = /Session (\S+) is running/.exec(started.stdout)![1]!;
  const dir = await sessionDirOf(b);
  await untilLogged(dir, 'step one started', (e) => e.type === 'step-start' && e.stepId === 'one');
  const clients = [0, 1].map(() => startCli(['attach', id, '--sessions', b.sessions], { cwd: b.dir }));
  await Promise.all(clients.map((c) => c.waitFor(/one-started\n/)));
  writeFileSync(join(b.dir, 'go'), '');
  const codes = await Promise.all(clients.map((c) => c.exited));
  for (const [i, c] of clients.entries()) {
    assert.equal(codes[i]!.code, 0, c.output());
    for (const line of ['one-done', '✓ passed one', '▶ two', 'two\n', '✓ passed two', '▶ three', 'three\n', '✓ passed three', 'Run passed']) assert.ok(c.output().includes(line), `client ${i} missed '${line}':\n${c.output()}`);
  }
  assert.equal(events(dir).at(-1)!.type, 'session-end');
});
