// Lint for secrets in the file: a secret's value written in the body, secrets shorter than 6
// characters, and YAML merge keys that bring `secret: true` into another variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';

const summary = (text: string) => parseRunbook(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

test("a secret's value written in the body warns at each place, without quoting it", () => {
  const text = [
    '---', 'variables:', '  API_TOKEN: {secret: true, default: tk-8842-alpha}', '---', '',
    '```bash', 'curl -H "Authorization: tk-8842-alpha" https://example.org', '```', '',
    'The token tk-8842-alpha expires monthly.', '',
  ].join('\n');
  assert.deepEqual(summary(text), ['3:3 warning secret-with-default', '7:25 warning secret-in-file', '10:11 warning secret-in-file']);
  const r = parseRunbook(text);
  const inFile = r.diagnostics.filter((d) => d.code === 'secret-in-file');
  assert.deepEqual(inFile.map((d) => [d.endColumn - d.column, d.data?.variable]), [[13, 'API_TOKEN'], [13, 'API_TOKEN']]);
  for (const d of r.diagnostics) assert.doesNotMatch(d.message, /tk-8842-alpha/, 'a message never repeats the secret');
  assert.match(inFile[0]!.message, /use \$API_TOKEN/);
  // Not secret, or no value known: nothing to find.
  assert.deepEqual(summary(text.replace('secret: true, ', '')), []);
});

test('a secret whose known value is shorter than 6 characters warns at its declaration', () => {
  assert.deepEqual(summary('---\nvariables:\n  PIN: {secret: true, default: "7852"}\n---\n'), ['3:3 warning secret-with-default', '3:3 warning short-secret']);
  const msg = parseRunbook('---\nvariables:\n  PIN: {secret: true, choices: [ab12, longer-one]}\n---\n').diagnostics;
  assert.deepEqual(msg.map((d) => d.code), ['short-secret']);
  assert.match(msg[0]!.message, /masked wherever they appear, which also hides innocent output/);
  assert.doesNotMatch(msg[0]!.message, /ab12/);
  assert.deepEqual(summary('---\nvariables:\n  PIN: {secret: true}\n  OK: {secret: true, choices: [long-enough]}\n---\n'), []);
  assert.deepEqual(summary('---\nvariables:\n  NOTSECRET: {default: ab}\n---\n'), []);
});

test('a YAML merge key keeps the secret flag it merges; un-setting it is an error', () => {
  const merged = parseRunbook([
    '---', 'variables:', '  DB_PASSWORD: &secretvar', '    secret: true', '    description: Database password',
    '  REPLICA_PASSWORD:', '    <<: *secretvar', '    description: Replica password', '---', '',
  ].join('\n'));
  assert.deepEqual(merged.diagnostics, []);
  assert.deepEqual(merged.variables.map((v) => [v.name, v.secret, v.description]), [['DB_PASSWORD', true, 'Database password'], ['REPLICA_PASSWORD', true, 'Replica password']]);

  const unset = parseRunbook(['---', 'variables:', '  A: &s {secret: true}', '  B:', '    <<: *s', '    secret: false', '---', ''].join('\n'));
  assert.deepEqual(unset.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), ['6:5 error bad-variable']);
  assert.match(unset.diagnostics[0]!.message, /merges 'secret: true' from \*s but sets 'secret: false'/);
  assert.equal(unset.variables.find((v) => v.name === 'B')!.secret, true, 'the merged variable stays secret');

  // Several sources (`<<: [*a, *b]`) and a merged default: the secret default is reported like any other.
  const list = parseRunbook(['---', 'base: &a {secret: true, default: s3cr3t-value}', 'meta: &b {description: From b}', 'variables:', '  C:', '    <<: [*a, *b]', '---', ''].join('\n'));
  assert.deepEqual(list.diagnostics.map((d) => d.code), ['secret-with-default']);
  assert.deepEqual(list.variables.map((v) => [v.name, v.secret, v.description, v.default]), [['C', true, 'From b', 's3cr3t-value']]);
});

test('variables merged into the variables map itself keep their order and flags', () => {
  const r = parseRunbook('---\ncommon: &common\n  HOST: {default: web01}\n  TOKEN: {secret: true}\nvariables:\n  <<: *common\n  PORT: 80\n---\n');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.variables.map((v) => [v.name, v.secret, v.default, v.line]), [['HOST', false, 'web01', 3], ['TOKEN', true, undefined, 4], ['PORT', false, '80', 7]]);
});
