// Languages and shells: which interpreter runs a step, and the one-line reasons when none can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findExecutable } from '../../src/core/executor/which';
import { codeStep, makeExecutor, runbook } from './executor-helpers';

const has = (name: string) => Boolean(findExecutable(name, process.env, process.platform));

test('python runs with python3 and node with the running Node.js', async () => {
  const rb = runbook([
    codeStep('import sys; print(sys.version_info[0])', { runner: 'python', id: 'py' }),
    codeStep('console.log(process.version)', { runner: 'node', id: 'js' }),
  ]);
  const { executor, recorder } = makeExecutor(rb);
  assert.equal((await executor.runAll()).status, 'passed');
  assert.equal(recorder.text('py'), '3\n');
  assert.equal(recorder.text('js'), `${process.version}\n`);
});

test('shell precedence: the step\'s shell, else the language as written (the front matter only sets `shell` fences)', async () => {
  // $BASH_VERSION is set only in bash; $ZSH_VERSION only in zsh.
  const probe = 'echo "${BASH_VERSION:+bash}${ZSH_VERSION:+zsh}-"';
  const steps = [
    codeStep(probe, { runner: 'sh', id: 'as-written' }),
    codeStep(probe, { runner: 'sh', id: 'step-shell', shell: 'bash' }),
  ];
  const plain = makeExecutor(runbook(steps));
  await plain.executor.runAll();
  assert.equal(plain.recorder.text('as-written'), '-\n');
  assert.equal(plain.recorder.text('step-shell'), 'bash-\n');
  // An explicit `sh` fence stays sh under a front-matter shell; the parser resolves `shell` fences.
  const fm = makeExecutor(runbook(steps, { shell: 'bash' }));
  await fm.executor.runAll();
  assert.equal(fm.recorder.text('as-written'), '-\n');
  assert.equal(fm.recorder.text('step-shell'), 'bash-\n');
});

test('pwsh runs with -NoProfile -NonInteractive when present, else a one-line reason', async () => {
  const rb = runbook([codeStep('Write-Output "ps $($PSVersionTable.PSVersion.Major)"; exit 3', { runner: 'pwsh', id: 'ps', expectExit: [3] })]);
  const { executor, recorder } = makeExecutor(rb);
  const summary = await executor.runAll();
  if (has('pwsh')) {
    assert.equal(summary.steps[0]!.status, 'passed');
    assert.match(recorder.text('ps'), /^ps \d+/);
  } else {
    assert.equal(summary.steps[0]!.status, 'failed');
    assert.equal(summary.steps[0]!.reason, 'pwsh is not installed on this host');
  }
});

test('cmd steps off Windows fail with a reason; a shell that is not installed is named', async () => {
  const rb = runbook([
    codeStep('echo hi', { runner: 'cmd', id: 'cmd', continueOnError: true }),
    codeStep('echo hi', { id: 'missing', shell: 'rb-no-such-shell' }),
  ]);
  const summary = await makeExecutor(rb, { platform: 'linux' }).executor.runAll();
  assert.equal(summary.steps[0]!.reason, 'cmd steps run only on Windows (add when=windows to skip them elsewhere)');
  assert.equal(summary.steps[1]!.reason, 'rb-no-such-shell is not installed on this host');
});
