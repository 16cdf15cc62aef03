// YAML front matter: settings, variables and their diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { diagSummary, parseFixture } from './format-fixtures';

test('front matter settings and variables', () => {
  const r = parseFixture('frontmatter.md');
  assert.deepEqual([r.title, r.description, r.shell, r.timeoutMs, r.cwd], ['From front matter', 'What it does', 'zsh', 900_000, '/srv']);
  assert.deepEqual(r.variables, [
    { name: 'SERVER', description: 'Target host', default: 'web01', pattern: 'web[0-9]+', secret: false, required: false, line: 8 },
    { name: 'ENVIRONMENT', choices: ['dev', 'prod'], default: 'dev', required: true, secret: false, line: 12 },
    { name: 'TOKEN', secret: true, required: false, line: 16 },
    { name: 'SHORT', default: 'plain default', secret: false, required: false, line: 18 },
    { name: 'DECLARED', secret: false, required: false, line: 19 },
  ]);
  assert.deepEqual(r.frontMatter && [r.frontMatter.startLine, r.frontMatter.endLine], [1, 20]);
  assert.deepEqual(r.diagnostics, []);
  // Lines inside the front matter are not Markdown: the first step is on its real line.
  assert.equal(r.steps[0]!.line, 24);
});

test('front-matter problems, each on its own line', () => {
  const r = parseFixture('bad-frontmatter.md');
  assert.deepEqual(diagSummary(r), [
    '3:1 warning unknown-front-matter-key',
    '4:1 error bad-timeout',
    '7:3 error bad-variable',
    '8:3 warning secret-with-default',
    '9:3 error bad-variable',
    '10:3 error bad-variable',
    '11:3 error bad-variable',
    '11:3 error bad-variable',
    '11:3 warning bad-variable',
  ]);
  assert.match(r.diagnostics[0]!.message, /did you mean 'shell'\?/);
  assert.doesNotMatch(r.diagnostics[3]!.message, /hunter2/, 'a secret value never appears in a message');
  assert.deepEqual(r.variables.map((v) => v.name), ['GOOD', 'PASSWORD', 'PICKY', 'PATTERNED', 'BROKEN']);
});

test('invalid YAML is an error on the line YAML reports', () => {
  const r = parseFixture('invalid-yaml.md');
  assert.deepEqual(diagSummary(r), ['2:1 error invalid-yaml']);
  assert.match(r.diagnostics[0]!.message, /Fix the YAML/);
  assert.equal(r.steps.length, 1, 'the body still parses');
});

test('front matter that is not a mapping, empty front matter, and no closing line', () => {
  assert.deepEqual(diagSummary(parseRunbook('---\n- a\n- b\n---\n')), ['2:1 error invalid-yaml']);
  const empty = parseRunbook('---\n---\n# T\n');
  assert.deepEqual([empty.diagnostics, empty.title], [[], 'T']);
  const unclosed = parseRunbook('---\ntitle: x\n');
  assert.equal(unclosed.frontMatter, undefined);
  assert.equal(unclosed.title, 'Untitled runbook', 'without a closing --- the YAML is ordinary Markdown');
});
