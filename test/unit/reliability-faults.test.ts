// Faults around a real `runbook run`: a full disk (a small tmpfs as the sessions directory), a
// read-only sessions directory (tmpfs remounted ro: root ignores mode bits), the session
// directory removed mid-step, and the runbook edited, renamed or deleted while a step runs.
// Each ends with a clear one-line message, no stack trace, and a log that reads and verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSessionState } from '../../src/core/session';
import { logFileSystem } from '../../src/core/session/log-writer';
import { runCliInProcess } from './cli-run-helpers';
import { onlySession, runCliProcess, startCli } from './reliability-cli';
import { STACK, tmpfs } from './reliability-tmpfs';


function book(body: string): { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-faults-'));
  writeFileSync(join(dir, 'book.md'), `# Faults\n\n${body}`);
  return { dir };
}

const OUTPUT_FILLS_DISK = `\`\`\`bash {#small}
echo "before the disk fills"
\`\`\`

\`\`\`bash {#big}
echo "big-start"
head -c 3000000 /dev/zero | tr '\\0' 'x'
echo "big-end"
\`\`\`

\`\`\`bash {#last}
echo last
\`\`\`
`;

test('full disk while a step writes output: the step fails naming ENOSPC, earlier records intact, verify passes', async (t) => {
  const disk = tmpfs('1m');
  if (typeof disk !== 'string') return t.skip(disk.skip);
  const { dir } = book(OUTPUT_FILLS_DISK);
  const r = await runCliProcess(['run', 'book.md', '--sessions', join(disk, 's')], dir);
  const all = r.stdout + r.stderr;
  assert.equal(r.code, 1, all.slice(-2000));
  assert.doesNotMatch(all, STACK);
  assert.match(all, /✗ failed big \([\d.]+ m?s\): cannot write the output file .*big\.1\.log: ENOSPC: no space left on device/);
  assert.match(all, /not-run last/);
  const session = onlySession(join(disk, 's'));
  const state = await readSessionState(session);
  assert.equal(state.steps.small?.status, 'passed');
  assert.equal(state.steps.big?.status, 'failed');
  assert.equal(readFileSync(join(session, 'outputs', 'small.1.log'), 'utf8'), 'before the disk fills\n');
  // What reached the disk is a prefix of what the step printed: nothing garbled.
  const big = readFileSync(join(session, 'outputs', 'big.1.log'), 'utf8');
  assert.ok(big.startsWith('big-start\nxxxx') && /^big-start\nx*$/.test(big), big.slice(0, 40));
  const v = await runCliProcess(['verify', session], dir);
  assert.equal(v.code, 0, v.stderr);
});

// The log's own appends failing (ENOSPC) is injected at the log writer's seam: on a real small
// tmpfs whether an append fails depends on the slack in the log's last page, which made a real-disk
// version of this test pass or fail with the timing of other writes.
test('full disk while the log is appended: one clear message, the log stays whole, resume after freeing space', async () => {
  const { dir } = book(`\`\`\`bash {#small}
echo "before the disk fills"
\`\`\`

\`\`\`bash {#second}
echo "second ran" > second.txt
\`\`\`
`);
  const sessions = join(dir, 's');
  const real = logFileSystem.write;
  let full = false;
  logFileSystem.write = (fd, bytes, offset, length) => {
    // The disk fills as the second step's start is appended: that append and every later one fail.
    full ||= bytes.includes('"type":"step-start"') && bytes.includes('"stepId":"second"');
    if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return real(fd, bytes, offset, length);
  };
  let r;
  try {
    r = await runCliInProcess(dir, ['book.md', '--sessions', sessions, '--no-host', '--yes']);
  } finally {
    logFileSystem.write = real;
  }
  const all = r.stdout + r.stderr;
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(all, STACK);
  assert.match(all, /cannot append to the session log .*ENOSPC: no space left on device/);
  assert.equal(existsSync(join(dir, 'second.txt')), false, 'a step whose start is not recorded does not run');
  const session = onlySession(sessions);
  const state = await readSessionState(session);
  assert.equal(state.torn, false, 'a failed append is cut back to the last whole event');
  assert.equal(state.steps.small?.status, 'passed');
  assert.equal(state.endedAt, undefined, 'the session end could not be recorded either: it stays resumable');
  const v = await runCliProcess(['verify', session], dir);
  assert.equal(v.code, 0, v.stderr);

  const resumed = await runCliProcess(['run', 'book.md', '--sessions', sessions, '--resume', session], dir);
  assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.equal((await readSessionState(session)).status, 'passed');
  assert.equal(existsSync(join(dir, 'second.txt')), true);
  assert.equal((await runCliProcess(['verify', session], dir)).code, 0);
});

test('read-only sessions directory: exit 2 with one line naming the path, nothing runs', async (t) => {
  const disk = tmpfs('1m');
  if (typeof disk !== 'string') return t.skip(disk.skip);
  mkdirSync(join(disk, 's'));
  execFileSync('mount', ['-o', 'remount,ro', disk]);
  const { dir } = book('```bash {#touch}\ntouch "$MARK"\n```\n');
  const mark = join(dir, 'ran');
  const r = await runCliProcess(['run', 'book.md', '--sessions', join(disk, 's')], dir, { MARK: mark });
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, STACK);
  assert.match(r.stderr, /^runbook run: .*(EROFS|read-only).*\n$/);
  assert.ok(r.stderr.includes(join(disk, 's')), r.stderr);
  assert.throws(() => readFileSync(mark), /ENOENT/, 'no step may run without a session to record it');
});

test('session directory removed while a step runs: a clear message, exit 2, no stack trace', async () => {
  const { dir } = book('```bash {#one}\necho one\n```\n\n```bash {#two}\nrm -rf "$SESSIONS"\necho two\n```\n\n```bash {#three}\necho three\n```\n');
  const sessions = join(dir, 'sessions');
  const r = await runCliProcess(['run', 'book.md', '--sessions', sessions], dir, { SESSIONS: sessions });
  const all = r.stdout + r.stderr;
  assert.equal(r.code, 2, all);
  assert.doesNotMatch(all, STACK);
  assert.match(r.stderr, /the session log .*events\.jsonl was deleted or replaced during the run/);
  assert.doesNotMatch(all, /Run passed/);
});

for (const change of ['edited', 'renamed', 'deleted'] as const) {
  test(`runbook ${change} while a step runs: the run finishes as read at start, the session keeps the text it ran`, async () => {
    const text = '# Faults\n\n```bash {#wait}\necho waiting\nwhile [ ! -e "$GO" ]; do sleep 0.02; done\necho released\n```\n\n```bash {#next}\necho next\n```\n';
    const dir = mkdtempSync(join(tmpdir(), 'rb-faults-'));
    const file = join(dir, 'book.md');
    writeFileSync(file, text);
    const go = join(dir, 'go');
    const sessions = join(dir, 'sessions');
    const cli = startCli(['run', 'book.md', '--sessions', sessions], { cwd: dir, env: { GO: go } });
    await cli.waitFor(/^waiting$/m);
    if (change === 'edited') writeFileSync(file, text.replace('echo next', 'echo EDITED'));
    if (change === 'renamed') renameSync(file, join(dir, 'renamed.md'));
    if (change === 'deleted') unlinkSync(file);
    writeFileSync(go, '');
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.output());
    assert.match(cli.output(), /^next$/m);
    assert.doesNotMatch(cli.output(), /EDITED/);
    const session = onlySession(sessions);
    assert.equal(readFileSync(join(session, 'runbook.md'), 'utf8'), text, 'the session keeps the runbook as run');
    assert.equal((await runCliProcess(['verify', session], dir)).code, 0);
    const html = await runCliProcess(['export', session, '--format', 'html'], dir);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /released/);
    assert.ok(readdirSync(session).includes('events.jsonl'));
  });
}
