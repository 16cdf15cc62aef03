// The diagnostics list: each rule, its severity, position and a message that says how to fix it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { codeSteps, diagSummary, parseFixture } from './format-fixtures';

test('attribute diagnostics (fixture bad-attributes.md)', () => {
  const r = parseFixture('bad-attributes.md');
  assert.deepEqual(diagSummary(r), [
    '7:10 error duplicate-id',
    '11:10 warning unknown-attribute',
    '15:10 error bad-timeout',
    '19:10 error bad-expect-exit',
    '23:10 error bad-expect-regex',
    '27:9 error malformed-attributes',
    '31:9 error malformed-attributes',
    '35:10 error bad-attribute-value',
    '39:10 error bad-attribute-value',
    '43:10 error bad-attribute-value',
    '47:9 error malformed-attributes',
    '51:15 error malformed-attributes',
  ]);
  const messages = r.diagnostics.map((d) => d.message);
  assert.match(messages[1]!, /did you mean 'timeout'/);
  assert.match(messages[2]!, /timeout=30s/);
  assert.match(messages[3]!, /expect-exit=0,3010/);
  assert.match(messages[5]!, /add '}'/);
  assert.match(messages[7]!, /did you mean 'darwin'/);
  assert.match(messages[11]!, /after the attribute braces/);
  // Every step is still there; the json block with a typo is documentation and is not linted.
  assert.equal(codeSteps(r).length, 13);
});

test('undeclared variables are information, per language syntax (fixture variables.md)', () => {
  const r = parseFixture('variables.md');
  const got = r.diagnostics.map((d) => [d.line, d.column, d.severity, d.data?.variable]);
  assert.deepEqual(got, [
    [9, 31, 'information', 'UNDECLARED'],
    [17, 17, 'information', 'ALSO_UNDECLARED'],
    [21, 47, 'information', 'PS_UNDECLARED'],
    [25, 17, 'information', 'CMD_UNDECLARED'],
    [30, 7, 'information', 'PY_UNDECLARED'],
    [34, 13, 'information', 'NODE_UNDECLARED'],
  ]);
  assert.match(r.diagnostics[0]!.message, /declare it under 'variables:'/);
});

test('each undeclared variable is reported once per step, at its first use', () => {
  const r = parseRunbook('```bash\necho $A $A\necho ${A}\n```\n');
  assert.deepEqual(diagSummary(r), ['2:6 information undeclared-variable']);
});

test('a variable used inside a list item points at the right column', () => {
  const r = parseRunbook('- item\n\n  ```bash\n  echo $MISSING\n  ```\n');
  assert.deepEqual(diagSummary(r), ['4:8 information undeclared-variable']);
});

test('unterminated fence: warning, and every swallowed step is an error', () => {
  assert.deepEqual(diagSummary(parseFixture('unterminated.md')), [
    '7:1 warning unterminated-fence',
    '10:1 error step-after-unterminated-fence',
    '12:1 error step-after-unterminated-fence',
  ]);
});

test('a missing closing fence that swallows the next step is an error; longer outer fences are fine', () => {
  const r = parseFixture('swallowed.md');
  assert.deepEqual(diagSummary(r), ['6:1 error step-after-unterminated-fence']);
  assert.match(r.diagnostics[0]!.message, /opened at line 3/);
});

test('diagnostic lines and columns are 1-based and inside the file', () => {
  for (const name of ['bad-attributes.md', 'bad-frontmatter.md', 'invalid-yaml.md', 'variables.md', 'unterminated.md']) {
    const r = parseFixture(name);
    for (const d of r.diagnostics) {
      assert.ok(d.line >= 1 && d.line <= r.lineCount, `${name}: line ${d.line}`);
      assert.ok(d.column >= 1 && d.endColumn > d.column, `${name}: columns ${d.column}-${d.endColumn}`);
    }
  }
});
