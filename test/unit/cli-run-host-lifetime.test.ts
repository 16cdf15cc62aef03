// The start and end of `runbook run`'s run host as the client sees them: the host is spawned
// before the client has read the runbook (a run that turns out not to need it leaves nothing),
// and the client returns once the session is released, without waiting for the host's exit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_ARG } from '../../src/runhost/launch';
import { HOST_INFO_FILE, SOCKET_FILE } from '../../src/runhost/protocol';
import { liveProcesses } from '../harness/processes';
import { runCliProcess } from './reliability-cli';
import { book, noHostLeft, until } from './runhost-helpers';

after(noHostLeft);

const hostsIn = (dir: string) => liveProcesses().filter((p) => p.cmdline.includes(HOST_ARG) && p.cwd === dir);

test('runbook run returns with its session released: no host files left, and an immediate --resume starts', async () => {
  const b = book('# T\n\n```bash {#one}\necho one\n```\n');
  const run = await runCliProcess(['run', b.file, '--sessions', b.sessions], b.dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const [name] = readdirSync(b.sessions);
  const dir = join(b.sessions, name!);
  // Checked at once: these go before the host tells its clients the run ended (host.ts, finishRun).
  assert.equal(existsSync(join(dir, HOST_INFO_FILE)), false, 'host.json removed before the client returned');
  assert.equal(existsSync(join(dir, SOCKET_FILE)), false, 'the socket removed before the client returned');
  const resume = await runCliProcess(['run', b.file, '--sessions', b.sessions, '--resume', name!], b.dir);
  assert.doesNotMatch(resume.stderr, /is live in run host|cannot lock|locked/, resume.stderr);
});

for (const [what, text, args] of [
  ['a variable nobody gave (no terminal to ask)', '---\nvariables:\n  HOST: {required: true}\n---\n# T\n\n```bash\necho "$HOST"\n```\n', [] as string[]],
  ['an unknown --from step', '# T\n\n```bash {#one}\necho one\n```\n', ['--from', 'nope']],
] as const) {
  test(`the run host spawned early exits without a session when the run stops before it starts: ${what}`, async () => {
    const b = book(text);
    writeFileSync(b.file, text);
    const run = await runCliProcess(['run', b.file, '--sessions', b.sessions, ...args], b.dir);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    // The client spawned its host before reading the runbook; closing the pipe ends it.
    await until('the abandoned run host to exit', () => hostsIn(b.dir).length === 0);
    assert.equal(existsSync(b.sessions) ? readdirSync(b.sessions).length : 0, 0, 'no session was opened');
  });
}
