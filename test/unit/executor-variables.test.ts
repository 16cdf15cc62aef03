import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVariables } from '../../src/core/executor';
import { runbook, variable } from './executor-helpers';

test('given values win over defaults; defaults fill the rest; unset optional ones stay unset', () => {
  const rb = runbook([], { variables: [variable('A', { default: '1' }), variable('B', { default: '2' }), variable('C')] });
  const r = resolveVariables(rb, { B: 'x' });
  assert.ok(r.ok);
  assert.deepEqual(r.values, { A: '1', B: 'x' });
});

test('required without a value, pattern and choices failures are all reported with lines', () => {
  const rb = runbook([], {
    variables: [
      variable('HOST', { required: true, line: 3 }),
      variable('PORT', { pattern: '[0-9]+', line: 4 }),
      variable('ENV', { choices: ['dev', 'prod'], line: 5 }),
    ],
  });
  const r = resolveVariables(rb, { PORT: '80a', ENV: 'staging' });
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => [e.name, e.line]),
    [['HOST', 3], ['PORT', 4], ['ENV', 5]],
  );
  assert.match(r.errors[0]!.message, /HOST is required: pass --var HOST=VALUE/);
  assert.match(r.errors[1]!.message, /"80a" does not match the pattern \[0-9\]\+/);
  assert.match(r.errors[2]!.message, /"staging" is not one of dev, prod/);
});

test('the pattern must match the whole value', () => {
  const rb = runbook([], { variables: [variable('PORT', { pattern: '[0-9]+' })] });
  assert.ok(!resolveVariables(rb, { PORT: 'a80' }).ok);
  assert.ok(resolveVariables(rb, { PORT: '8080' }).ok);
});

test('an undeclared --var is an error naming the declared ones', () => {
  const rb = runbook([], { variables: [variable('HOST')] });
  const r = resolveVariables(rb, { HOTS: 'x' });
  assert.ok(!r.ok);
  assert.match(r.errors[0]!.message, /HOTS is not declared.*\(declared: HOST\)/);
});

test('secret values are listed for masking and never echoed in errors', () => {
  const rb = runbook([], { variables: [variable('TOKEN', { secret: true, pattern: '[a-z]+' }), variable('USER', { default: 'bob' })] });
  const ok = resolveVariables(rb, { TOKEN: 'abc' });
  assert.ok(ok.ok);
  assert.deepEqual(ok.secretValues, ['abc']);
  assert.deepEqual(ok.secretNames, ['TOKEN']);
  const bad = resolveVariables(rb, { TOKEN: 'S3CRET!' });
  assert.ok(!bad.ok);
  assert.ok(!bad.errors[0]!.message.includes('S3CRET!'));
});
