// Issue 13 item 6: a title is the rendered plain text of its heading or paragraph; section
// names and derived ids come from that text, never from link targets or HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { MAX_TITLE_SOURCE, plainText } from '../../src/core/format/inlineText';
import { codeSteps } from './format-fixtures';

const FENCE = '```bash\necho x\n```\n';

test('a heading with a badge link is titled and identified by its text', () => {
  const r = parseRunbook(`# Tool [![CI](https://ci.example.com/badge.svg)](https://ci.example.com/job)\n\n${FENCE}`);
  const step = codeSteps(r)[0]!;
  assert.equal(r.title, 'Tool CI');
  assert.deepEqual(step.section, ['Tool CI']);
  assert.equal(step.id, 'tool-ci-1');
  assert.equal(step.title, 'Tool CI');
});

const texts: Record<string, string> = {
  'Restart **the** _web_ `nginx` service': 'Restart the web nginx service',
  'See [the guide](https://example.com/guide "Guide") first': 'See the guide first',
  'Press <kbd>Ctrl</kbd>+<kbd>C</kbd>': 'Press Ctrl+C',
  'Drain <!-- old: web01 --> the node': 'Drain the node',
  'Tom &amp; Jerry &copy; \\*not emphasis\\*': 'Tom & Jerry © *not emphasis*',
  '![Architecture diagram](arch.png) overview': 'Architecture diagram overview',
  'Line one\nline two': 'Line one line two',
  '~~old~~ new': 'old new',
  '<https://example.com/autolink>': 'https://example.com/autolink',
  'plain words': 'plain words',
};

for (const [markdown, text] of Object.entries(texts)) {
  test(`plain text of ${JSON.stringify(markdown)}`, () => assert.equal(plainText(markdown), text));
}

test('step titles come from the paragraph text; HTML blocks and <summary> are never titles', () => {
  const r = parseRunbook([
    '# Deploy',
    '',
    'Restart **nginx** with [systemctl](https://man.example/systemctl).',
    '',
    '<!-- Disabled until CHG-77: rollback first -->',
    '',
    FENCE,
    '<details><summary>Show the cleanup</summary>',
    '',
    FENCE,
    '</details>',
  ].join('\n'));
  // The paragraph is the first fence's lead-in; the second has none of its own (the <summary> is no title).
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['Restart nginx with systemctl', 'Deploy (2)']);
});

const PATCH = [
  '# Patch night', '', '## Patch the database', '',
  '```bash', 'systemctl stop postgresql', '```', '',
  '```bash', 'apt-get install -y postgresql-16', '```', '',
  '```bash', 'systemctl start postgresql', '```', '',
].join('\n');

test('code steps below one heading are told apart: the heading, then the heading and the step\'s number under it', () => {
  const r = parseRunbook(PATCH);
  assert.deepEqual(codeSteps(r).map((s) => [s.id, s.title]), [
    ['patch-the-database-1', 'Patch the database'],
    ['patch-the-database-2', 'Patch the database (2)'],
    ['patch-the-database-3', 'Patch the database (3)'],
  ]);
});

test('a lead-in paragraph directly above a fence titles it; the ids stay those of the heading and position', () => {
  const withLeadIns = PATCH.replace('```bash\nsystemctl stop', 'Stop the service:\n\n```bash\nsystemctl stop')
    .replace('```bash\nsystemctl start', 'Start it again.\n\n```bash\nsystemctl start');
  const r = parseRunbook(withLeadIns);
  assert.deepEqual(codeSteps(r).map((s) => [s.id, s.title]), [
    ['patch-the-database-1', 'Stop the service'],
    ['patch-the-database-2', 'Patch the database (2)'],
    ['patch-the-database-3', 'Start it again'],
  ]);
  assert.deepEqual(codeSteps(r).map((s) => s.id), codeSteps(parseRunbook(PATCH)).map((s) => s.id), 'titles never change ids');
});

test('a paragraph that renders empty (only inline HTML) is no lead-in: the step after an earlier one takes the heading and its number', () => {
  const r = parseRunbook('## Drain\n\nCordon first:\n\n```bash\ncordon\n```\n\n<span></span>\n\n```bash\ndrain\n```\n\nThen **uncordon**.\n\n```bash\nuncordon\n```\n');
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['Cordon first', 'Drain (2)', 'Then uncordon']);
});

test('a title attribute or a task item still wins; a check between fences is no lead-in; no heading: the first line of code', () => {
  const r = parseRunbook([
    '## Rotate', '', '```bash {title="Make the key"}', 'mk', '```', '', '```bash', 'use', '```', '',
    '- [ ] The old key is revoked', '', '```bash', 'verify', '```', '',
    '- [ ] Backup taken', '  ```bash', '  ls /backup', '  ```',
  ].join('\n'));
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['Make the key', 'Rotate (2)', 'Rotate (3)', 'Backup taken']);
  const bare = parseRunbook('Run these:\n\n```bash\necho one\n```\n\n```bash\necho two\n```\n');
  assert.deepEqual(codeSteps(bare).map((s) => s.title), ['Run these', 'echo two']);
});

test('reference links resolve against the document\'s definitions, as on GitHub', () => {
  const r = parseRunbook(`Use [the runbook][rb] and [missing][nope].\n\n${FENCE}\n[rb]: https://example.com/rb\n`);
  assert.equal(codeSteps(r)[0]!.title, 'Use the runbook and [missing][nope]');
});

test('a heading made of HTML and markup gives an id from its text', () => {
  const r = parseRunbook(`## <img src="x.svg"> Step \`2\` — *Copy* files\n\n${FENCE}`);
  assert.equal(codeSteps(r)[0]!.id, 'step-2--copy-files-1');
});

test('a numbered heading or an abbreviation does not cut the title short', () => {
  const r = parseRunbook(`## 1. Create the backup\n\n${FENCE}\nUse a mirror, e.g. the EU one. Then wait.\n\n${FENCE}`);
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['1. Create the backup', 'Use a mirror, e.g. the EU one']);
});

test('a 200 KB paragraph of brackets titles its step from its start (markdown-it links are quadratic there)', { timeout: 20_000 }, () => {
  // Found by the fuzz suite: a hugeLine of `[![x](y)` runs took seconds per parse before the cap.
  const hostile = `Rotate the certificate ${'[![a](b) ['.repeat(20_000)}\n\n\`\`\`bash\ntrue\n\`\`\`\n`;
  const step = parseRunbook(hostile).steps[0]!;
  assert.ok(step.title.startsWith("Rotate the certificate"), step.title.slice(0, 40));
  // Only the start is rendered: the rendered text of the whole 200 KB would be as long as the source.
  assert.ok(plainText(hostile.split('\n')[0]!).length <= MAX_TITLE_SOURCE);
});

test('the outline and the evidence show the same titles as the cards (one rule, in the parser)', async () => {
  const { documentSymbols } = await import('../../src/core/language/symbols');
  const { exportSession } = await import('../../src/core/evidence');
  const { recordSession, tempDir } = await import('../fixtures/session/record');
  const r = parseRunbook(PATCH);
  const titles = codeSteps(r).map((s) => s.title);
  assert.deepEqual(documentSymbols(r, PATCH.split('\n')).map((s) => s.detail), titles);
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-titles-'), text: PATCH });
  const evidence = JSON.parse(await exportSession(dir, 'json', 'runbook test')) as { steps: { title: string }[] };
  assert.deepEqual(evidence.steps.map((s) => s.title), titles);
});

test('a lead-in that only says "run:" is no title: the heading says what the step does', () => {
  const r = parseRunbook([
    '## Stop the Synchronization Service', '', 'From an elevated PowerShell session, run:', '', '```pwsh', 'Stop-Service FIMSynchronizationService', '```', '',
    '## Apply the patch', '', 'Run the following command:', '', '```bash', 'msiexec /p sp3.msp', '```', '',
    'Then run these commands.', '', '```bash', 'true', '```', '',
    '## Restart', '', 'Run the installer to determine the install source:', '', '```bash', 'true', '```', '',
  ].join('\n'));
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['Stop the Synchronization Service', 'Apply the patch', 'Apply the patch (2)', 'Run the installer to determine the install source']);
});
