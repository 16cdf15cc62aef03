// Manual checks, sections, titles and stable ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { checkSteps, codeSteps, fixtureText, parseFixture } from './format-fixtures';

test('task-list items are manual checks, nested and in any list style', () => {
  const r = parseFixture('tasks.md');
  const got = checkSteps(r).map((c) => [c.line, c.checked, c.title, c.section.join(' > ')]);
  assert.deepEqual(got, [
    [3, false, 'first', 'Checks'],
    [4, true, 'done', 'Checks'],
    [5, true, 'also done', 'Checks'],
    [6, false, 'nested under done', 'Checks'],
    [7, false, 'ordered', 'Checks'],
    [8, false, 'star bullet', 'Checks'],
    [9, false, 'Check at line 9', 'Checks'],
    [16, false, 'quoted task', 'Checks'],
    [20, false, "another section's check", 'Checks > Other section'],
  ]);
  assert.deepEqual(checkSteps(r).map((c) => c.id), [
    'checks-check-1', 'checks-check-2', 'checks-check-3', 'checks-check-4', 'checks-check-5', 'checks-check-6', 'checks-check-7', 'checks-check-8', 'other-section-check-1',
  ]);
  // A fence inside a check item is still a step, titled by the item.
  const [inItem] = codeSteps(r);
  assert.deepEqual([inItem!.line, inItem!.title], [22, "another section's check"]);
});

test('sections, titles and derived ids', () => {
  const r = parseFixture('sections.md');
  const got = r.steps.map((s) => [s.id, s.kind, s.section.join(' > '), s.title]);
  assert.deepEqual(got, [
    ['step-1', 'code', '', 'Intro before any heading'],
    ['check-1', 'check', '', 'check before any heading'],
    ['install-1', 'code', 'Top > Install', 'Install the package'],
    ['install-2', 'code', 'Top > Install', 'Install (2)'],
    ['verify-1', 'code', 'Top > Install > Verify', 'Verify'],
    ['install-1-1', 'code', 'Top > Install', 'Install'],
    ['titles-1', 'code', 'Top > Titles', 'Explicit title'],
    ['empty-1', 'code', 'Top > Empty', 'Empty'],
  ]);
  assert.equal(r.title, 'Top');
});

test('a step with no text above it is titled by its first line of code', () => {
  const r = parseRunbook('```bash\n\n  systemctl status nginx\n```\n');
  assert.equal(r.steps[0]!.title, 'Step at line 1');
  const r2 = parseRunbook('```bash\nsystemctl status nginx\n```\n');
  assert.equal(r2.steps[0]!.title, 'systemctl status nginx');
});

test('ids do not change when unrelated text is edited', () => {
  const base = fixtureText('sections.md');
  const ids = parseRunbook(base).steps.map((s) => s.id);
  const edits = [
    base.replace('Intro before any heading.', 'A much longer introduction.\n\nWith two paragraphs and a [link](x).'),
    base.replace('Install the package.', 'Install the package with apt.\n\n> a note'),
    base.replace('## Titles', 'Some text before titles.\n\n```json\n{}\n```\n\n## Titles'),
    `${base}\n## Appendix\n\n\`\`\`bash\necho new step at the end\n\`\`\`\n`,
  ];
  for (const edited of edits) assert.deepEqual(parseRunbook(edited).steps.map((s) => s.id).slice(0, ids.length), ids);
});

test('explicit ids win and derived ids never collide with them', () => {
  const r = parseRunbook('# A\n\n```bash {#a-2}\necho explicit\n```\n\n```bash\necho one\n```\n\n```bash\necho two\n```\n');
  assert.deepEqual(r.steps.map((s) => s.id), ['a-2', 'a-2-2', 'a-3']);
  assert.equal(codeSteps(r)[0]!.explicitId, true);
  assert.equal(codeSteps(r)[1]!.explicitId, false);
  assert.deepEqual(r.diagnostics, []);
});

test('duplicate explicit ids: one error, at the later occurrence', () => {
  const r = parseRunbook('```bash {#x}\na\n```\n\n```sh {name=x}\nb\n```\n\n```py {"id":"x"}\nc\n```\n');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.line, d.column]), [
    ['duplicate-id', 'error', 5, 8],
    ['duplicate-id', 'error', 9, 8],
  ]);
  assert.match(r.diagnostics[0]!.message, /already used by the step at line 1/);
});

test('a code step after a task list is titled by the text before it, not by the last check', () => {
  const r = parseRunbook('# Rotate\n\nRenew the certificate.\n\n- [ ] tell the team\n\n```bash\necho renew\n```\n');
  const [code] = codeSteps(r);
  assert.equal(code!.title, 'Renew the certificate');
});
