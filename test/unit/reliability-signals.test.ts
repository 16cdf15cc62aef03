// SIGTERM and SIGHUP to a real in-process `runbook run --no-host` (issue 17, critical 7; with a
// run host, the default, they detach instead: runhost-cli.test.ts): like Ctrl-C, the run is
// cancelled cleanly — the step's processes are ended, the session records the end as cancelled,
// the CLI exits 143 / 129 after recording — and the executor's scratch files (the step's script
// and the shell-state file that holds the environment, secrets included) are 0600 inside a 0700
// directory while they exist and are gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSessionState } from '../../src/core/session';
import { onlySession, processesWithMarker, startCli } from './reliability-cli';

const SECRET = 'sig-secret-Qw81zX';
let next = 0;

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
  test(`${signal} to runbook run --no-host: cancelled and recorded, exit ${code}, no step process and no scratch file left`, async () => {
    const m = `${8000 + (process.pid % 1000)}.${String(++next).padStart(4, '0')}`;
    const dir = mkdtempSync(join(tmpdir(), 'rb-signals-'));
    const book = [
      '---', 'variables:', '  TOKEN: {secret: true}', '---', '# Signals', '',
      '```bash {#first}', 'export CARRIED="$TOKEN"', '```', '',
      '```bash {#hold}',
      // The wrapper's own variables name the scratch files: print them for the test to inspect.
      'echo "state=$__rb_state"', 'echo "script=$__rb_script"', `sleep ${m} &`, `sleep ${m}`,
      '```', '',
    ].join('\n');
    writeFileSync(join(dir, 'book.md'), book);
    const sessions = join(dir, 'sessions');
    const cli = startCli(['run', 'book.md', '--sessions', sessions, '--no-host'], { cwd: dir, env: { RUNBOOK_VAR_TOKEN: SECRET } });
    const state = (await cli.waitFor(/^state=(.+)$/m))[1]!;
    const script = (await cli.waitFor(/^script=(.+)$/m))[1]!;
    const scratch = dirname(script);
    for (let i = 0; i < 200 && processesWithMarker(`sleep ${m}`).length < 2; i++) await new Promise((r) => setTimeout(r, 25));

    assert.equal(statSync(scratch).mode & 0o777, 0o700, `scratch directory ${scratch}`);
    assert.equal(statSync(script).mode & 0o777, 0o600, `script ${script}`);
    assert.equal(statSync(state).mode & 0o777, 0o600, `state file ${state}`);

    cli.child.kill(signal);
    const exit = await cli.exited;
    assert.equal(exit.code, code, cli.output());
    assert.equal(existsSync(state), false, 'the state file (it holds the secret) is removed');
    assert.equal(existsSync(scratch), false, 'the scratch directory is removed');
    const left = processesWithMarker(`sleep ${m}`);
    for (const p of left) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    assert.deepEqual(left.map((p) => p.cmdline), []);
    const recorded = await readSessionState(onlySession(sessions));
    assert.equal(recorded.steps.hold?.status, 'cancelled');
    assert.equal(recorded.status, 'cancelled');
    assert.ok(!cli.output().includes(SECRET));
  });
}
