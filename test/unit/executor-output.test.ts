// Output capture against real processes: order and streams, raw bytes, ANSI, bounded memory,
// the output file and its hash, coalesced listener calls, secrets masked everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MASK } from '../../src/core/executor';
import { codeStep, makeExecutor, runbook, variable } from './executor-helpers';

test('stdout and stderr arrive in order, tagged with their stream; the file holds both in that order', async () => {
  // Handshake: the step writes one line, then waits until the test has seen it (a file appears).
  const wait = (n: number) => `while [ ! -e "$SYNC/${n}" ]; do sleep 0.01; done`;
  const rb = runbook([codeStep(`echo one\n${wait(1)}\necho two >&2\n${wait(2)}\necho three`, { id: 'o' })]);
  const seen: string[] = [];
  let syncDir = '';
  const observer = {
    onOutput: (_id: string, chunks: readonly { stream: string; text: string }[]) => {
      for (const c of chunks) seen.push(`${c.stream}:${c.text}`);
      writeFileSync(join(syncDir, String(seen.length)), '');
    },
  };
  const made = makeExecutor(rb, { observers: [observer] });
  syncDir = made.dir;
  const { executor } = makeExecutor(rb, { observers: [observer], env: { ...process.env, SYNC: syncDir } });
  const summary = await executor.runAll();
  assert.deepEqual(seen, ['stdout:one\n', 'stderr:two\n', 'stdout:three\n']);
  assert.equal(readFileSync(summary.steps[0]!.output!.path!, 'utf8'), 'one\ntwo\nthree\n');
});

test('invalid UTF-8 and binary are stored byte for byte and decoded with replacement; ANSI is kept', async () => {
  const rb = runbook([codeStep(`printf 'ok \\377\\376 \\303\\251 \\000 \\033[31mred\\033[0m\\n'`, { id: 'b', expect: '^ok .* red$' })]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  const out = summary.steps[0]!.output!;
  const bytes = readFileSync(out.path!);
  assert.deepEqual(bytes, Buffer.from([...Buffer.from('ok '), 0xff, 0xfe, 0x20, 0xc3, 0xa9, 0x20, 0, 0x20, ...Buffer.from('\x1b[31mred\x1b[0m\n')]));
  assert.equal(out.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(out.bytes, bytes.length);
  assert.equal(recorder.text('b'), 'ok \ufffd\ufffd é \u0000 \x1b[31mred\x1b[0m\n');
  assert.equal(summary.steps[0]!.status, 'passed', 'expect is matched with ANSI escapes removed');
});

test('a large output goes to the file in full while memory keeps a bounded tail', async () => {
  // 8 MB of numbered lines; the tail is capped at 64 KB here.
  const rb = runbook([codeStep('seq 1 1000000 | sed "s/$/ padding/"', { id: 'big', expect: '^1000000 padding$' })]);
  const { executor, recorder } = makeExecutor(rb, { tuning: { tailBytes: 64 * 1024, killGraceMs: 300 } });
  const summary = await executor.runAll();
  const out = summary.steps[0]!.output!;
  const file = readFileSync(out.path!);
  assert.equal(out.bytes, file.length);
  assert.ok(file.length > 14_000_000);
  assert.equal(out.sha256, createHash('sha256').update(file).digest('hex'));
  assert.ok(file.toString('latin1').startsWith('1 padding\n2 padding\n'));
  assert.equal(out.truncated, true);
  assert.ok(out.tail.length <= 64 * 1024 && out.tail.length > 60 * 1024, `tail ${out.tail.length}`);
  assert.ok(out.tail.endsWith('999999 padding\n1000000 padding\n'));
  assert.equal(summary.steps[0]!.status, 'passed');
  // Listener chunks are coalesced: far fewer calls than pipe reads (~230 of 64 KB).
  const calls = recorder.outputCalls.get('big')!;
  assert.ok(calls < 100, `${calls} onOutput calls`);
  const live = recorder.text('big');
  assert.ok(live.endsWith('1000000 padding\n'));
});

test('listener calls are spaced by the output interval', async () => {
  const times: number[] = [];
  const rb = runbook([codeStep('for i in $(seq 1 40); do echo $i; sleep 0.01; done', { id: 'tick' })]);
  const { executor } = makeExecutor(rb, {
    observers: [{ onOutput: () => void times.push(performance.now()) }],
    tuning: { outputIntervalMs: 100, killGraceMs: 300 },
  });
  await executor.runAll();
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  // The final flush at the end of the step may come sooner; every other gap respects the interval.
  assert.ok(gaps.slice(0, -1).every((g) => g >= 95), `gaps ${gaps.map((g) => g.toFixed(0)).join(',')}`);
  assert.ok(times.length >= 2);
});

test('secret values are masked in events, the tail and the file, even split across pipe reads', async () => {
  const secret = 'Sup3r-S3cret-Tok3n';
  const rb = runbook(
    [
      codeStep('echo "token is $TOKEN"; echo "$TOKEN" >&2', { id: 's1' }),
      // 65530 bytes first so the value straddles the 64 KB pipe read boundary.
      codeStep(`head -c 65530 /dev/zero | tr '\\0' x; printf '%s\\n' "$TOKEN"`, { id: 's2' }),
    ],
    { variables: [variable('TOKEN', { secret: true, required: true })] },
  );
  const { executor, recorder } = makeExecutor(rb, { variables: { TOKEN: secret } });
  const summary = await executor.runAll();
  for (const step of summary.steps) {
    const file = readFileSync(step.output!.path!, 'utf8');
    assert.ok(!file.includes(secret) && !step.output!.tail.includes(secret) && !recorder.text(step.id).includes(secret));
    assert.ok(file.includes(MASK));
  }
  assert.equal(recorder.text('s1'), `token is ${MASK}\n${MASK}\n`);
  assert.ok(recorder.text('s2').endsWith(`x${MASK}\n`));
});

test('an output file that cannot be written fails the step with the path in the reason', async () => {
  const rb = runbook([codeStep('echo hi', { id: 'w' })]);
  const { executor } = makeExecutor(rb, { outputPath: () => '/etc/hostname/sub/out.log' });
  const summary = await executor.runAll();
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.match(summary.steps[0]!.reason!, /^cannot write the output file \/etc\/hostname\/sub\/out\.log: ENOTDIR/);
});
