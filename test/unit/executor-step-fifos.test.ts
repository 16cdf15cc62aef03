// A one-spawn step (python, node, any non-bash shell, every step under RUNBOOK_SHELL_SESSION=0)
// writes its stdout and stderr into FIFOs the executor reads into ONE reused buffer, as the live
// shell does (stepFifos.ts, fifoOutput.ts): every byte must still reach the file, the hash, the
// tail and the listeners intact and in order, and the step must still see a pipe, not a TTY.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MASK, type ExecutionObserver } from '../../src/core/executor';
import { runProcess, type OutputSink } from '../../src/core/executor/stepProcess';
import { StepFifos } from '../../src/core/executor/stepFifos';
import type { OutputStream } from '../../src/core/executor/types';
import { codeStep, makeExecutor, processesInGroup, runbook, tempDir, variable } from './executor-helpers';

const ONE_SPAWN = { tuning: { shellSession: false } } as const;

/** A sink that copies each chunk (as the capture does) and notes which memory each read was lent in. */
function copyingSink(): OutputSink & { text(stream?: OutputStream): string; lentIn: Set<ArrayBufferLike>; writes: number } {
  const pieces: [OutputStream, Buffer][] = [];
  const lentIn = new Set<ArrayBufferLike>();
  const sink = {
    lentIn,
    writes: 0,
    write(stream: OutputStream, data: Buffer) {
      sink.writes++;
      lentIn.add(data.buffer);
      pieces.push([stream, Buffer.from(data)]);
      return true;
    },
    onceDrain: (callback: () => void) => setImmediate(callback),
    text: (stream?: OutputStream) => Buffer.concat(pieces.filter(([s]) => !stream || s === stream).map(([, d]) => d)).toString('latin1'),
  };
  return sink;
}

test('runProcess with FIFOs: every read lands in one reused buffer, and the copies hold every byte in order', async () => {
  const dir = tempDir('rb-fifos-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const fifos = await new StepFifos('linux').take(dir, process.env);
  assert.ok(fifos, 'mkfifo made the FIFOs');
  const sink = copyingSink();
  // ~3 MB on stdout in numbered lines, a line on stderr every 1,000: many full 64 KiB reads.
  const program = 'for ((i = 0; i < 40000; i++)); do printf "line %06d of the flood, padded to a longer line\\n" $i; (( i % 1000 )) || echo "err $i" >&2; done';
  const result = await runProcess(
    { file: 'bash', args: ['-c', program], cwd: dir, env: { PATH: process.env.PATH ?? '' } },
    { graceMs: 300, signal: new AbortController().signal, sink, platform: 'linux', fifos },
  );
  assert.equal(result.exitCode, 0);
  const lines = Array.from({ length: 40000 }, (_, i) => `line ${String(i).padStart(6, '0')} of the flood, padded to a longer line\n`);
  assert.equal(sink.text('stdout'), lines.join(''));
  assert.equal(sink.text('stderr'), Array.from({ length: 40 }, (_, i) => `err ${i * 1000}\n`).join(''));
  assert.ok(sink.writes > 40, `many reads (${sink.writes})`);
  assert.equal(sink.lentIn.size, 1, 'every read was lent in the same memory');
  // Read to the end: the FIFOs go back to the pool for the next step.
  assert.ok(existsSync(fifos.out) && existsSync(fifos.err));
});

test('StepFifos: one mkfifo batch serves step after step; FIFOs a writer kept open are removed, never lent again', async () => {
  const dir = tempDir('rb-fifos-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const pool = new StepFifos('linux');
  const first = (await pool.take(dir, process.env))!;
  assert.ok(statSync(first.out).isFIFO() && statSync(first.err).isFIFO());
  assert.equal(statSync(first.out).mode & 0o777, 0o600);
  const second = (await pool.take(dir, process.env))!;
  assert.notDeepEqual([second.out, second.err], [first.out, first.err]);
  first.giveBack(true);
  const third = (await pool.take(dir, process.env))!;
  assert.deepEqual([third.out, third.err], [first.out, first.err], 'reused, not made again');
  second.giveBack(false);
  assert.equal(existsSync(second.out) || existsSync(second.err), false);
  const fourth = (await pool.take(dir, process.env))!;
  assert.ok(statSync(fourth.out).isFIFO());
  assert.equal([second.out, second.err].includes(fourth.out), false, 'a fresh batch, not the removed pair');
  assert.equal(await new StepFifos('win32').take(dir, process.env), undefined, 'Windows keeps pipes');
  assert.equal(await new StepFifos('linux').take(dir, { PATH: '/nonexistent' }), undefined, 'no mkfifo: pipes');
});

test('a one-spawn step sees FIFOs on stdout and stderr (a pipe, not a TTY), and /dev/stdout can be opened', async () => {
  const code = [
    'import os, stat, sys',
    'print("out", stat.S_ISFIFO(os.fstat(1).st_mode), os.isatty(1))',
    'print("err", stat.S_ISFIFO(os.fstat(2).st_mode), os.isatty(2), file=sys.stderr)',
    'sys.stdout.flush()',
    'with open("/dev/stdout", "w") as f: f.write("reopened\\n")',
  ].join('\n');
  const rb = runbook([codeStep(code, { runner: 'python', id: 'py' }), codeStep('[ -p /dev/stdout ] && [ ! -t 1 ] && echo bash-fifo', { id: 'sh' })]);
  const { executor, recorder } = makeExecutor(rb, ONE_SPAWN);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', JSON.stringify(summary.steps.map((s) => s.reason)));
  const ofStream = (stream: OutputStream) => recorder.outputs.get('py')!.filter((c) => c.stream === stream).map((c) => c.text).join('');
  assert.equal(ofStream('stdout'), 'out True False\nreopened\n');
  assert.equal(ofStream('stderr'), 'err True False\n');
  assert.equal(recorder.text('sh'), 'bash-fifo\n');
});

test('a python flood arrives complete and in order through the FIFOs: file, SHA-256, tail; a secret across read boundaries is masked', async () => {
  const secret = 'fifo-secret-9f3k2';
  // Each record is 64 KiB minus 7 bytes of filler, then the secret: the secret straddles the reads' 64 KiB boundaries.
  const code = [
    'import os, sys',
    'out = sys.stdout.buffer',
    'for i in range(200):',
    '    out.write(b"%06d" % i + b"." * (65536 - 7 - 6) + os.environ["TOKEN"].encode() + b"\\n")',
    '    if i % 50 == 0: out.flush(); sys.stderr.write("at %d\\n" % i); sys.stderr.flush()',
  ].join('\n');
  const rb = runbook([codeStep(code, { runner: 'python', id: 'flood' })], { variables: [variable('TOKEN', { secret: true })] });
  const { executor, dir } = makeExecutor(rb, { ...ONE_SPAWN, variables: { TOKEN: secret } });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  const record = (i: number) => `${String(i).padStart(6, '0')}${'.'.repeat(65536 - 13)}${MASK}\n`;
  const stdout = Array.from({ length: 200 }, (_, i) => record(i)).join('');
  const file = readFileSync(join(dir, 'out', 'flood.1.log'));
  assert.equal(file.includes(secret), false);
  // stderr lines interleave with stdout where they arrived; without them the file is stdout exactly.
  const text = file.toString('utf8');
  assert.equal(text.replace(/at \d+\n/g, ''), stdout);
  assert.deepEqual(text.match(/at \d+\n/g), ['at 0\n', 'at 50\n', 'at 100\n', 'at 150\n']);
  const output = summary.steps[0]!.output!;
  assert.equal(output.bytes, file.length);
  assert.equal(output.sha256, createHash('sha256').update(file).digest('hex'));
  assert.ok(output.tail.endsWith(record(199)));
});

test('cancel and timeout during a one-spawn flood end the whole tree (a background writer too)', async () => {
  for (const how of ['cancel', 'timeout'] as const) {
    const dir = tempDir('rb-fifos-');
    // Listeners get a bounded share of a flood: the step's pid (its group) goes to a file.
    const pidFile = join(dir, 'pgid');
    const seen = new Set<string>();
    let flooding!: () => void;
    const flood = new Promise<void>((r) => (flooding = r));
    const observer: ExecutionObserver = {
      onOutput: (_id, chunks) => {
        for (const c of chunks) for (const word of ['fg\n', 'bg\n']) if (c.text.includes(word)) seen.add(word);
        if (seen.size === 2) flooding();
      },
    };
    // 2 × 300 MB at most (a second or more), so a cancel that did not happen fails the test instead of filling the disk.
    const code = `echo $$ > ${pidFile}\nyes bg | head -c 300000000 &\nyes fg | head -c 300000000\nwait`;
    const step = codeStep(code, { id: 'flood', ...(how === 'timeout' ? { timeoutMs: 300 } : {}) });
    const made = makeExecutor(runbook([step, codeStep('echo next', { id: 'next' })]), { ...ONE_SPAWN, observers: [observer] });
    try {
      const running = made.executor.runAll();
      await flood;
      if (how === 'cancel') made.executor.cancel();
      const summary = await running;
      assert.deepEqual(summary.steps.map((s) => s.status), [how === 'cancel' ? 'cancelled' : 'timed-out', 'not-run']);
      assert.ok(summary.steps[0]!.output!.bytes > 0);
      assert.deepEqual(processesInGroup(Number.parseInt(readFileSync(pidFile, 'utf8'), 10)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(made.dir, { recursive: true, force: true }); // the flood's output file
    }
  }
});

test('keep-background: a background writer that keeps the output open; the step ends after the grace, the next step reads only its own output', async () => {
  const dir = tempDir('rb-fifos-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = join(dir, 'bg.pid');
  const rb = runbook([
    codeStep(`( while :; do echo late; sleep 0.05; done ) &\necho $! > ${pidFile}\necho first`, { id: 'keep', keepBackground: true }),
    codeStep('echo second', { id: 'second' }),
    codeStep('print("third")', { id: 'third', runner: 'python' }),
  ]);
  const { executor, recorder } = makeExecutor(rb, ONE_SPAWN);
  try {
    const summary = await executor.runAll();
    assert.equal(summary.status, 'passed');
    assert.match(recorder.text('keep'), /^(late\n)*first\n(late\n)*$/);
    assert.equal(recorder.text('second'), 'second\n');
    assert.equal(recorder.text('third'), 'third\n');
  } finally {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // ended by SIGPIPE once its output was closed
    }
  }
});
