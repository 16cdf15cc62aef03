// The run host's lifecycle with real processes: a question nobody is there to answer waits
// (and `attach` answers it, or the wait limit records it blocked); a killed host is detected by
// the next client, which records the step interrupted and ends what the step left; a stale
// socket never blocks a new run; the host exits when nothing runs and nobody is attached.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { readSessionState } from '../../src/core/session';
import { readHostInfo } from '../../src/runhost/files';
import { hostNodeFlags } from '../../src/runhost/launch';
import { runCliProcess } from './reliability-cli';
import { book, events, noHostLeft, sessionDirOf, stepProcesses, until, untilLogged } from './runhost-helpers';

after(noHostLeft);

const GATED = `# Gated

\`\`\`bash {#one}
echo one
\`\`\`

\`\`\`bash {#two confirm="Restart the service?"}
echo two-ran
\`\`\`
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `runbook attach` in this process, on a pretend TTY that answers `answers` in turn. */
async function attachOnTty(cwd: string, args: string[], answers: string[]): Promise<{ code: number; out: string; questions: string[] }> {
  let out = '';
  const questions: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (out += t) },
    stdinIsTTY: true,
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    ask: async (q) => {
      questions.push(q);
      return answers.shift() ?? '';
    },
  };
  const code = await main(['attach', ...args], io);
  return { code, out, questions };
}

test('a confirm gate reached with no client waits for a person; runbook attach answers it and the run goes on', async () => {
  const b = book(GATED);
  const started = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--detach'], b.dir);
  assert.equal(started.code, 0, started.stderr);
  const dir = await sessionDirOf(b);
  const info = await until('the host to wait for a person', () => (readHostInfo(dir)?.waiting ? readHostInfo(dir) : undefined));
  assert.equal(info!.currentStep, 'two');
  // The host runs with the Node options of launch.ts (the node binary, then its options, then its
  // script) and no V8 flag, which would make V8 reject Node's code cache of its built-ins.
  const argv = readFileSync(`/proc/${info!.pid}/cmdline`, 'utf8').split('\0');
  assert.deepEqual(argv.slice(1, 1 + hostNodeFlags().length), [...hostNodeFlags()]);
  assert.deepEqual(argv.filter((a) => /^--(max|min)-(semi|old)-space-size/.test(a)), []);
  const ps = await runCliProcess(['ps', '--sessions', b.sessions], b.dir);
  assert.match(ps.stdout, new RegExp(`Gated\\s+${info!.sessionId}\\s+${info!.pid}\\s+⏸ two`));
  const attached = await attachOnTty(b.dir, [info!.sessionId, '--sessions', b.sessions], ['y']);
  assert.equal(attached.code, 0, attached.out);
  assert.match(attached.questions[0]!, /two: Restart the service\? Run this step\? \[y\/N\]/);
  assert.match(attached.out, /✓ passed one[\s\S]*two-ran\n✓ passed two[\s\S]*Run passed/);
  await until('the run host to exit', () => !alive(info!.pid));
  assert.equal((await readSessionState(dir)).status, 'passed');
});

test('the wait limit: nobody answers, the step is recorded blocked with a note, the host exits', async () => {
  const b = book(GATED);
  const started = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--detach', '--wait-limit', '300ms'], b.dir);
  assert.equal(started.code, 0, started.stderr);
  const dir = await sessionDirOf(b);
  await untilLogged(dir, 'session-end', (e) => e.type === 'session-end');
  const state = await readSessionState(dir);
  assert.equal(state.status, 'blocked');
  assert.equal(state.steps.two!.status, 'blocked');
  assert.match(events(dir).find((e) => e.type === 'note')!.text!, /within the wait limit \(300ms\); recorded as blocked/);
  await until('the host files to go', () => !existsSync(join(dir, 'host.json')) && !existsSync(join(dir, 'host.sock')));
});

test('kill -9 of the run host: the next client records the step interrupted and ends its processes; a stale socket does not block --resume', async () => {
  const b = book('');
  writeFileSync(b.file, `# Killed

\`\`\`bash {#one}
sleep 300 & ( setsid sleep 301 & )
touch "${b.dir}/started"
wait
\`\`\`

\`\`\`bash {#two}
echo two
\`\`\`
`);
  const started = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--detach'], b.dir);
  assert.equal(started.code, 0, started.stderr);
  const dir = await sessionDirOf(b);
  await until('step one to start its children', () => existsSync(join(b.dir, 'started')));
  const info = readHostInfo(dir)!;
  assert.ok(stepProcesses(info.sessionId).length >= 3);
  process.kill(info.pid, 'SIGKILL');
  await until('the host to die', () => !alive(info.pid));
  assert.ok(existsSync(join(dir, 'host.sock')), 'the socket is left behind (stale)');
  const ps = await runCliProcess(['ps', '--sessions', b.sessions], b.dir);
  assert.match(ps.stderr, new RegExp(`pid ${info.pid}\\) had died; recorded one as interrupted and ended \\d+ leftover process`));
  assert.match(ps.stdout, /No live runs/);
  assert.deepEqual(stepProcesses(info.sessionId), [], 'no process of the step is left');
  const end = events(dir).find((e) => e.type === 'step-end' && e.stepId === 'one')!;
  assert.equal(end.status, 'interrupted');
  assert.match(end.reason!, new RegExp(`run host \\(pid ${info.pid}\\) was killed`));
  assert.equal((await runCliProcess(['verify', dir], b.dir)).code, 0);
  // Continue it: whatever is left in the socket's place (here even a plain file) is replaced.
  writeFileSync(join(dir, 'host.sock'), '');
  const resumed = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--resume', info.sessionId, '--from', 'two'], b.dir);
  assert.match(resumed.stdout, /✓ passed two/);
  // The session's status is the one final-status rule's (core/run): step one was interrupted and
  // never re-run, so the session is not passed — it ends cancelled (exit 130), as in-process.
  assert.equal(resumed.code, 130, resumed.stdout + resumed.stderr);
  assert.equal((await readSessionState(dir)).status, 'cancelled');
});
