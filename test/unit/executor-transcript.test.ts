// A transcript step runs only its prompted commands: proven with marker files that sample output
// lines (`rm -rf x`, `touch …`) never ran. The soft comparison gives a notice, never a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type CodeStep } from '../../src/core/format';
import { makeExecutor } from './executor-helpers';

function book(markdown: string) {
  const rb = parseRunbook(markdown);
  const { executor, recorder, dir } = makeExecutor(rb);
  return { rb, executor, recorder, dir };
}

test('only the commands run: sample output that reads like commands never runs', async () => {
  const { executor, recorder, dir } = book([
    '# Clean up', '',
    '```console',
    '$ touch command-ran',
    '$ ls',
    'command-ran',
    'rm -rf x',
    'touch output-ran',
    '$ cat <<EOF > heredoc.txt',
    'touch heredoc-body-is-data',
    'EOF',
    '```', '',
  ].join('\n'));
  mkdirSync(join(dir, 'x'));
  writeFileSync(join(dir, 'x', 'keep'), 'kept');
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed', recorder.text('clean-up-1'));
  assert.ok(existsSync(join(dir, 'command-ran')), 'the prompted command ran');
  assert.ok(existsSync(join(dir, 'x', 'keep')), 'the sample output line `rm -rf x` never ran');
  assert.ok(!existsSync(join(dir, 'output-ran')), 'the sample output line `touch output-ran` never ran');
  assert.ok(!existsSync(join(dir, 'heredoc-body-is-data')), 'a here-document body is data for its command');
  assert.ok(existsSync(join(dir, 'heredoc.txt')));
  // The sample shows `command-ran` only; ls printed more: an information notice, still passed.
  const outcome = recorder.outcomes.get('clean-up-1')!;
  assert.match(outcome.notice ?? '', /^The output differs from the sample output in the runbook: line 7 shows "rm -rf x", got "/);
});

test('matching output (whitespace normalised) gives no notice; different output a notice but no failure', async () => {
  const { executor, recorder } = book([
    '# Same', '', '```bash', "$ printf 'NAME     READY\\n\\n node1   1/1  \\n'", 'NAME READY', 'node1 1/1', '```', '',
    '# Differs', '', '```bash', '$ echo 41', '42', '```', '',
    '# Shorter', '', '```bash', '$ echo one', 'one', 'two', '```', '',
    '# Longer', '', '```bash', '$ printf "one\\nextra\\n"', 'one', '```', '',
  ].join('\n'));
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  assert.equal(recorder.outcomes.get('same-1')!.notice, undefined);
  assert.equal(recorder.outcomes.get('differs-1')!.notice, 'The output differs from the sample output in the runbook: line 13 shows "42", got "41"');
  assert.equal(recorder.outcomes.get('shorter-1')!.notice, 'The output differs from the sample output in the runbook: line 21 shows "two", the output ended before it');
  assert.match(recorder.outcomes.get('longer-1')!.notice ?? '', /1 more line\(s\) than the sample, from "extra"/);
});

test('a transcript fails on its output only when the author adds expect', async () => {
  const { executor, recorder } = book('# E\n\n```bash {expect="^42$"}\n$ echo 41\n42\n```\n');
  const summary = await executor.runAll();
  assert.equal(summary.status, 'failed');
  assert.match(recorder.outcomes.get('e-1')!.reason ?? '', /does not match expect/);
});

test('a block that mixes prompts and commands never runs: it fails with the reason, nothing executed', async () => {
  const { rb, executor, recorder, dir } = book('# M\n\n```bash\ntouch plain-ran\n$ touch prompt-ran\n```\n');
  assert.ok((rb.steps[0] as CodeStep).notRunnable);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'failed');
  assert.match(recorder.outcomes.get('m-1')!.reason ?? '', /^not run: line 5 starts with the prompt '\$' but line 4 above it has none/);
  assert.ok(!existsSync(join(dir, 'plain-ran')) && !existsSync(join(dir, 'prompt-ran')));
});

test('shell state carries over from a transcript step like from any shell step', async () => {
  const { executor, recorder } = book('# S\n\n```console\n$ export GREETING=hi\n$ cd /\n```\n\n```bash\necho "$GREETING $PWD"\n```\n');
  await executor.runAll();
  assert.equal(recorder.text('s-2'), 'hi /\n');
});
