// `runbook run` and variables nobody gave: asked on a terminal (secrets hidden, in a real
// pseudo-terminal too), exit 2 before anything runs without one — `--yes` does not change that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, runCliInProcess, workspace } from './cli-run-helpers';
import { cliBundle } from './reliability-cli';
import { readHidden } from '../../src/cli/hiddenInput';

const SECRET = 'Typ3d-s3cret-value';

const BOOK = `---
variables:
  API_KEY: { secret: true, description: Monitoring token }
  REGION: { pattern: "[a-z]+-[0-9]" }
  NOTE: { required: false }
---
# Book

\`\`\`bash {#first}
touch first-ran
\`\`\`

\`\`\`bash {#call expect="^key ok in [a-z]+-[0-9]$"}
[ "$API_KEY" = "${SECRET}" ] && echo "key ok in $REGION"
\`\`\`

\`\`\`bash {#plain}
echo "note: \${NOTE}"
\`\`\`
`;

test('no terminal, --yes: a secret with no value stops the run with exit 2 before any step, naming the variable and how to pass it', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--yes', '--var', 'REGION=eu-1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^book\.md:3: variable API_KEY \(secret\) has no value and step 'call' reads it: set RUNBOOK_VAR_API_KEY in the environment or pass --var API_KEY=…$/m);
  assert.match(r.stderr, /nothing ran/);
  assert.ok(!existsSync(join(dir, 'first-ran')), 'the first step did not run');
  assert.ok(!existsSync(join(dir, '.runbook')), 'no session was opened');
  const json = await runCliInProcess(dir, [file, '--yes', '--json']);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /variable API_KEY \(secret\)[^\n]*\n[^\n]*variable REGION has no value and step 'call' reads it: pass --var REGION=… or set RUNBOOK_VAR_REGION/);
});

test('no terminal: a scope that does not read the variable runs; RUNBOOK_VAR_ and --var supply it', async () => {
  const { dir, file } = workspace(BOOK);
  const only = await runCliInProcess(dir, [file, '--only', 'plain', '--json']);
  assert.equal(only.code, 0, only.stderr);
  const all = await runCliInProcess(dir, [file, '--json', '--var', 'REGION=eu-1'], { env: { RUNBOOK_VAR_API_KEY: SECRET } });
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual((JSON.parse(all.stdout) as { steps: { status: string }[] }).steps.map((s) => s.status), ['passed', 'passed', 'passed']);
});

test('on a terminal: each missing variable is asked, secrets through the hidden input; a bad value is asked again; the secret never reaches the session', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--json'], { answers: ['EU 1', 'eu-1'], secretAnswers: [SECRET] });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.secretQuestions, ['? API_KEY (Monitoring token; hidden as you type): ']);
  assert.deepEqual(r.questions, ['? REGION: ', '? REGION: ']);
  assert.match(r.stderr, /variable REGION: "EU 1" does not match the pattern/);
  for (const [path, content] of filesUnder(join(dir, '.runbook'))) assert.ok(!content.includes(SECRET), `secret in ${path}`);
});

test('on a terminal: giving up on the secret (Ctrl-C / Ctrl-D) runs nothing, exit 2', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--yes'], { answers: [], secretAnswers: [null] });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no value for API_KEY; nothing ran/);
  assert.ok(!existsSync(join(dir, 'first-ran')) && !existsSync(join(dir, '.runbook')));
});

test('in a real pseudo-terminal the secret is read with echo off: the typed value never appears on the terminal', async () => {
  const { dir, file } = workspace(BOOK);
  // util-linux `script` gives the CLI a pty; what the pty shows (echo included) comes back on stdout.
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliBundle())} run ${file} --json --var REGION=eu-1`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const prompted = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (screen.includes('hidden as you type): ')) resolve();
    });
    child.once('exit', () => reject(new Error(`exited before the prompt:\n${screen}`)));
  });
  await prompted;
  child.stdin.write(`${SECRET}\r`);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end();
  assert.equal(code, 0, screen);
  assert.ok(!screen.includes(SECRET), `the secret was echoed:\n${screen}`);
  assert.ok(!screen.includes('*'.repeat(4)), 'not even as asterisks');
  assert.match(screen, /"status": "passed"/);
  const session = readFileSync([...filesUnder(join(dir, '.runbook')).keys()].find((p) => p.endsWith('events.jsonl'))!, 'utf8');
  assert.ok(!session.includes(SECRET));
});

test('the hidden reader: raw mode on while typing and restored after; backspace and Ctrl-U edit; Ctrl-C gives up; nothing typed is written', async () => {
  const fakeTty = () => {
    const stream = new PassThrough() as InstanceType<typeof PassThrough> & { isRaw: boolean; modes: boolean[]; setRawMode(m: boolean): void };
    stream.isRaw = false;
    stream.modes = [];
    stream.setRawMode = (m: boolean) => {
      stream.isRaw = m;
      stream.modes.push(m);
    };
    return stream;
  };
  let written = '';
  const out = { write: (t: string) => void (written += t) };
  const input = fakeTty();
  const typed = readHidden(input, out, '? KEY: ');
  input.write('wrong\u0015ab');
  input.write('\u007fc\r');
  assert.equal(await typed, 'ac');
  assert.deepEqual(input.modes, [true, false]);
  assert.equal(written, '? KEY: \n');
  const cancelled = fakeTty();
  const gaveUp = readHidden(cancelled, out, '? KEY: ');
  cancelled.write('abc\u0003');
  assert.equal(await gaveUp, null);
  assert.equal(cancelled.isRaw, false);
});
