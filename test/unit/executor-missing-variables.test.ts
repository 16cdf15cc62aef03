// The one rule for "which variables must be asked before this run": declared, no value, no
// default, read by a step about to run (or `required: true`), unless `required: false`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingVariables, missingVariablesMessage, stepsInScope, VariableResolutionError } from '../../src/core/executor';
import { parseRunbook } from '../../src/core/format';
import { codeStep, makeExecutor, runbook, variable } from './executor-helpers';

const BOOK = `---
variables:
  API_KEY: { secret: true, description: Monitoring token }
  REGION: { default: eu-west-1 }
  NOTE: { required: false }
  OWNER: { required: true }
  UNUSED: {}
---
# Book

\`\`\`bash {#prepare}
echo "region $REGION note \${NOTE}"
\`\`\`

\`\`\`bash {#call}
curl -H "Authorization: Bearer $API_KEY" https://example.invalid/
\`\`\`

\`\`\`bash {#after}
echo done
\`\`\`
`;

test('a secret without a value is missing for the scopes whose steps read it, and only those', () => {
  const rb = parseRunbook(BOOK);
  const names = (scope: Parameters<typeof stepsInScope>[1], given: Record<string, string> = { OWNER: 'me' }) =>
    missingVariables(rb, stepsInScope(rb, scope), given).map((m) => m.name);
  assert.deepEqual(names({ kind: 'all' }), ['API_KEY']);
  assert.deepEqual(names({ kind: 'from', stepId: 'prepare' }), ['API_KEY']);
  assert.deepEqual(names({ kind: 'from', stepId: 'after' }), []);
  assert.deepEqual(names({ kind: 'step', stepId: 'call' }), ['API_KEY']);
  assert.deepEqual(names({ kind: 'step', stepId: 'prepare' }), [], 'NOTE is required: false; REGION has a default');
  assert.deepEqual(names({ kind: 'all' }, { OWNER: 'me', API_KEY: 'k' }), []);
  const [m] = missingVariables(rb, stepsInScope(rb, { kind: 'all' }), { OWNER: 'me' });
  assert.deepEqual({ ...m }, { name: 'API_KEY', line: 3, secret: true, description: 'Monitoring token', usedBy: ['call'] });
});

test('required: true is missing whatever runs; required: false is never asked; unused plain declarations are not asked', () => {
  const rb = parseRunbook(BOOK);
  assert.equal(rb.variables.find((v) => v.name === 'NOTE')?.optional, true);
  assert.equal(rb.variables.find((v) => v.name === 'UNUSED')?.optional, undefined);
  const missing = missingVariables(rb, stepsInScope(rb, { kind: 'step', stepId: 'after' }), {});
  assert.deepEqual(missing.map((m) => [m.name, m.usedBy]), [['OWNER', []]]);
});

test('every runner\'s way of reading a variable counts; PowerShell and cmd ignore case', () => {
  const variables = [variable('TOKEN', { secret: true })];
  const cases = [
    codeStep('echo ${TOKEN}'),
    codeStep('Write-Output $env:token', { runner: 'pwsh' }),
    codeStep('echo %Token%', { runner: 'cmd' }),
    codeStep('import os\nprint(os.environ["TOKEN"])', { runner: 'python' }),
    codeStep('console.log(process.env.TOKEN)', { runner: 'node' }),
  ];
  for (const step of cases) {
    assert.deepEqual(missingVariables(runbook([step], { variables }), [step], {}).map((m) => m.name), ['TOKEN'], `${step.runner}: ${step.code}`);
  }
  const lower = codeStep('echo $token');
  assert.deepEqual(missingVariables(runbook([lower], { variables }), [lower], {}), [], 'bash is case-sensitive');
  for (const code of ["echo '$TOKEN'", '# uses $TOKEN\necho hi', 'echo "${TOKEN:-none}"']) {
    const step = codeStep(code);
    assert.deepEqual(missingVariables(runbook([step], { variables }), [step], {}), [], code);
  }
});

test('a variable a step of the runbook sets itself is not asked', () => {
  const variables = [variable('TOKEN')];
  const set = codeStep('export TOKEN=$(cat token.txt)');
  const use = codeStep('echo "$TOKEN"');
  assert.deepEqual(missingVariables(runbook([set, use], { variables }), [use], {}), []);
});

test('the message names the variable, the steps and both ways to pass it', () => {
  const rb = parseRunbook(BOOK);
  const text = missingVariablesMessage(missingVariables(rb, rb.steps, {}));
  assert.equal(text.split('\n')[0], "variable API_KEY (secret) has no value and step 'call' reads it: set RUNBOOK_VAR_API_KEY in the environment or pass --var API_KEY=…");
  assert.equal(text.split('\n')[1], 'variable OWNER is required and has no value: pass --var OWNER=… or set RUNBOOK_VAR_OWNER');
});

test('the executor refuses a run that would read a missing variable, before any step starts', async () => {
  const rb = parseRunbook(BOOK);
  const { executor, recorder } = makeExecutor(rb, { variables: { OWNER: 'me' } });
  await assert.rejects(executor.runAll(), (e: unknown) => e instanceof VariableResolutionError && /API_KEY/.test(e.message));
  await assert.rejects(executor.runStep('call'), VariableResolutionError);
  assert.deepEqual(recorder.events, [], 'no step started');
  const summary = await executor.runStep('after');
  assert.equal(summary.status, 'passed', 'a step that does not read it still runs');
});

test('Run all and Run from here do not ask for what only an excludeFromRunAll step reads; Run step on it does', () => {
  const text = '---\nvariables:\n  TOKEN: { secret: true }\n---\n# B\n\n```bash {#first}\necho hi\n```\n\n```bash {"name":"manual","excludeFromRunAll":true}\necho "$TOKEN"\n```\n';
  const rb = parseRunbook(text);
  const manual = rb.steps.find((s) => s.id === 'manual');
  assert.ok(manual?.kind === 'code' && manual.excludeFromRunAll);
  assert.deepEqual(missingVariables(rb, stepsInScope(rb, { kind: 'all' }), {}), []);
  assert.deepEqual(missingVariables(rb, stepsInScope(rb, { kind: 'from', stepId: 'first' }), {}), []);
  assert.deepEqual(missingVariables(rb, stepsInScope(rb, { kind: 'step', stepId: 'manual' }), {}).map((m) => m.name), ['TOKEN']);
});

test('a transcript is asked for what its commands read, not for what its sample output shows', () => {
  const text = '---\nvariables:\n  TOKEN: { secret: true }\n---\n# B\n\n```console\n$ echo "hello"\nhello $TOKEN\n```\n\n```console\n$ echo "$TOKEN"\n••••\n```\n';
  const rb = parseRunbook(text);
  const [sample, reads] = rb.steps;
  assert.ok(sample?.kind === 'code' && sample.run !== undefined, 'the first block is a transcript');
  assert.deepEqual(missingVariables(rb, [sample], {}), []);
  assert.deepEqual(missingVariables(rb, [reads!], {}).map((m) => m.name), ['TOKEN']);
});
