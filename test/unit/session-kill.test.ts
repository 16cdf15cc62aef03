// Crash safety with real processes: `runbook run` is killed with SIGKILL in the middle of a step;
// the log keeps everything up to that moment, shows the step as interrupted, and resumes.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { runHostBundle } from './reliability-cli';
import { watch } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { tempDir } from '../fixtures/session/record';
import { verifyEvidence } from '../../src/core/evidence';
import { readSessionState } from '../../src/core/session';

const ROOT = resolve(__dirname, '..', '..');
const SECRET = 'kill-test-secret-4242';

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  // tsx by absolute URL: the child's cwd is outside the repository. The run host it starts is
  // the bundle built from src/ (its cwd is the runbook's folder, where tsx cannot be found).
  return spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd, env: { ...process.env, RUNBOOK_RUNHOST_SCRIPT: runHostBundle(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ReturnType<typeof cli>): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

/** Resolves when `name` appears in `dir` (the step signals it is mid-way through). */
function appears(dir: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const w = watch(dir, async () => {
      if ((await readdir(dir)).includes(name)) {
        w.close();
        resolve();
      }
    });
  });
}

test('SIGKILL mid-step: the log is intact up to the kill, the step is interrupted, resume finishes it', { timeout: 120_000 }, async () => {
  const work = await tempDir('rb-kill-');
  const signal = join(work, 'signals');
  await (await import('node:fs/promises')).mkdir(signal);
  const runbook = join(work, 'crash.md');
  await writeFile(runbook, [
    '---', 'variables:', '  TOKEN:', '    secret: true', '---', '', '# Crash test', '',
    '## First', '', '```bash {#first}', 'echo "first step with $TOKEN"', '```', '',
    '## Long', '', '```bash {#long}',
    // First run: say something, signal the test, then block; after the resume, finish at once.
    `if [ ! -e ${signal}/started ]; then echo "long step begins"; read -r _ _ _ _ pgid _ < /proc/$$/stat; echo $pgid > ${signal}/pid.tmp; mv ${signal}/pid.tmp ${signal}/started; exec sleep 60; fi`,
    'echo "long step done"', '```', '',
    '## Last', '', '```bash {#last}', 'echo last', '```', '',
  ].join('\n'));
  const sessions = join(work, 'sessions');
  const env = { RUNBOOK_VAR_TOKEN: SECRET };

  // The session's writer must die with the kill: in-process (--no-host). With a run host the
  // client's death does not end the run (runhost-cli.test.ts); the host's own kill -9 is in
  // runhost-lifecycle.test.ts.
  const child = cli(work, ['run', runbook, '--sessions', sessions, '--no-host'], env);
  const done = exited(child);
  const early = await Promise.race([appears(signal, 'started').then(() => undefined), done]);
  assert.equal(early, undefined, `the run ended before the long step started: ${JSON.stringify(early)}`);
  child.kill('SIGKILL');
  const first = await done;
  assert.equal(first.signal, 'SIGKILL');
  // The step runs in its own process group (the executor's); end it, since its parent is gone.
  const stepGroup = Number((await readFile(join(signal, 'started'), 'utf8')).trim());
  try { process.kill(-stepGroup, 'SIGKILL'); } catch { /* already gone */ }

  const [name] = await readdir(sessions);
  assert.ok(name, 'a session directory exists');
  const dir = join(sessions, name);
  const state = await readSessionState(dir);
  assert.equal(state.status, 'interrupted');
  assert.equal(state.torn, false);
  assert.equal(state.steps.first?.status, 'passed');
  assert.equal(state.steps.long?.status, 'interrupted');
  assert.equal(state.steps.last, undefined);
  const intact = await verifyEvidence(dir);
  assert.ok(intact.ok, intact.message);
  assert.match(intact.message, /not ended/);

  const resumed = await exited(cli(work, ['run', runbook, '--sessions', sessions, '--resume', name], env));
  assert.equal(resumed.code, 0, resumed.out);
  const after = await readSessionState(dir);
  assert.equal(after.status, 'passed');
  assert.equal(after.steps.long?.status, 'passed');
  assert.equal(after.steps.long?.attempts, 2);
  assert.equal(after.steps.last?.status, 'passed');
  const log = await readFile(join(dir, 'events.jsonl'), 'utf8');
  assert.match(log, /"type":"session-resumed"/);
  assert.ok((await verifyEvidence(dir)).ok);
  // The secret went into the run (as $TOKEN) but into no file of the session.
  for (const f of [join(dir, 'events.jsonl'), join(dir, 'runbook.md'), ...(await readdir(join(dir, 'outputs'))).map((o) => join(dir, 'outputs', o))]) {
    assert.equal((await readFile(f, 'utf8')).includes(SECRET), false, f);
  }
  assert.match(await readFile(join(dir, 'outputs', (await readdir(join(dir, 'outputs'))).find((o) => o.startsWith('first'))!), 'utf8'), /first step with ••••••/);
});
