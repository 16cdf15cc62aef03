// Which fences are steps, how each language runs, and where each step starts and ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { codeSteps, fixtureText, parseFixture } from './format-fixtures';

test('code steps: fence styles, containers, languages and documentation blocks', () => {
  const r = parseFixture('fences.md');
  const got = codeSteps(r).map((s) => [s.line, s.lang, s.runner, s.code]);
  const expected: [number, string, string, string][] = [
    [5, 'bash', 'bash', 'echo backtick\n'],
    [9, 'sh', 'sh', 'echo tilde\n'],
    [13, 'zsh', 'zsh', 'echo longer\n```\nstill inside\n'],
    [21, 'pwsh', 'pwsh', 'Get-Date\n'],
    [27, 'python', 'python', 'print(1)\n'],
    [53, 'bash', 'bash', 'echo pandoc\n'],
    [57, 'ps1', 'pwsh', 'Write-Output "upper-case language"\n'],
    [61, 'cmd', 'cmd', 'echo cmd\n'],
    [65, 'bat', 'cmd', 'echo bat\n'],
    [69, 'py', 'python', 'print(2)\n'],
    [73, 'node', 'node', 'console.log(1)\n'],
    [77, 'js', 'node', 'console.log(2)\n'],
    [81, 'javascript', 'node', 'console.log(3)\n'],
    [85, 'powershell', 'pwsh', 'Get-Date\n'],
    [89, 'shell', 'bash', 'echo shell\n'],
  ];
  assert.deepEqual(got, expected);
  assert.deepEqual(r.diagnostics, []);
  // Pandoc puts the language in the first class; its id comes along.
  assert.equal(codeSteps(r)[5]!.id, 'pandoc-lang');
});

test('endLine is the closing fence; code excludes both fences', () => {
  const [first] = codeSteps(parseFixture('fences.md'));
  assert.equal(first!.endLine, 7);
  assert.equal(first!.unterminated, false);
});

test('the front-matter shell decides how `shell` fences run; explicit languages stay', () => {
  const r = parseFixture('frontmatter.md');
  assert.deepEqual(codeSteps(r).map((s) => s.runner), ['zsh', 'bash']);
  const override = parseRunbook('```shell {shell=sh}\necho\n```\n');
  assert.equal(codeSteps(override)[0]!.runner, 'sh');
});

test('CRLF line endings and a UTF-8 BOM parse exactly like LF', () => {
  for (const name of ['fences.md', 'attributes.md', 'tasks.md', 'frontmatter.md', 'bad-attributes.md', 'unterminated.md']) {
    const lf = fixtureText(name);
    const expected = parseRunbook(lf);
    assert.deepEqual(parseRunbook(lf.replace(/\n/g, '\r\n')), expected, `${name} with CRLF`);
    assert.deepEqual(parseRunbook(`\uFEFF${lf.replace(/\n/g, '\r\n')}`), expected, `${name} with BOM + CRLF`);
    assert.deepEqual(parseRunbook(`\uFEFF${lf}`), expected, `${name} with BOM`);
  }
});

test('an unterminated fence runs to the end of the file with a warning', () => {
  const r = parseFixture('unterminated.md');
  const steps = codeSteps(r);
  assert.equal(steps.length, 2);
  const last = steps[1]!;
  assert.equal(last.line, 7);
  assert.equal(last.unterminated, true);
  assert.equal(last.endLine, r.lineCount);
  assert.match(last.code, /swallowed check[\s\S]*echo swallowed/);
  assert.equal(r.steps.filter((s) => s.kind === 'check').length, 0, 'the task item inside the fence is code, not a check');
});

test('an empty document and a document without steps', () => {
  const empty = parseRunbook('');
  assert.deepEqual([empty.steps, empty.diagnostics, empty.title, empty.lineCount], [[], [], 'Untitled runbook', 1]);
  assert.equal(parseRunbook('just text\n', { fileName: 'dir/notes.md' }).title, 'notes');
});
