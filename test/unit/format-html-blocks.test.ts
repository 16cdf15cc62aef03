// Issue 13 item 1: nothing inside an HTML block (a comment, `<div>…</div>`, `<details>` without
// blank lines) is a step or a check — in the parser, lint, `runbook run --dry-run` and the
// language server alike. `<details>` whose body is separated by a blank line shows its code on
// GitHub, so that code is a step.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { RunbookLanguageService } from '../../src/core/language';
import { runCliInProcess } from './cli-run-helpers';
import { checkSteps, codeSteps, FIXTURES, fixtureText, parseFixture } from './format-fixtures';

const HIDDEN = ['rm -rf /etc/ssl/old', 'systemctl stop nginx', 'cp /etc/ssl/site.pem.bak'];
/** 1-based line of the first line of html-blocks.md that starts with `start`. */
const lineOf = (start: string) => fixtureText('html-blocks.md').split('\n').findIndex((l) => l.startsWith(start)) + 1;
const CERT = lineOf('openssl') - 1;
const RELOAD = lineOf('systemctl reload') - 1;
const SERVES = lineOf('- [ ] Site serves');

test('parse: fences and task items inside HTML blocks are not steps', () => {
  const r = parseFixture('html-blocks.md');
  assert.deepEqual(codeSteps(r).map((s) => [s.line, s.code]), [
    [CERT, 'openssl x509 -enddate -noout -in /etc/ssl/site.pem\n'],
    [RELOAD, 'systemctl reload nginx\n'],
  ]);
  assert.deepEqual(checkSteps(r).map((s) => [s.line, s.title]), [[SERVES, 'Site serves the new certificate']]);
  // No title ever comes from HTML: the comment or the <summary> is not a title.
  assert.deepEqual(codeSteps(r).map((s) => s.title), ['Check the current expiry', 'Reload the server']);
});

test('lint: a runbook with HTML blocks is clean', () => {
  assert.deepEqual(parseFixture('html-blocks.md').diagnostics, []);
});

test('runbook run --dry-run lists only the visible steps', async () => {
  const r = await runCliInProcess(FIXTURES, ['html-blocks.md', '--dry-run', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = (JSON.parse(r.stdout) as { steps: { line: number }[] }).steps;
  assert.deepEqual(rows.map((s) => s.line), [CERT, RELOAD, SERVES]);
  for (const code of HIDDEN) assert.ok(!r.stdout.includes(code));
});

test('language server: completion, symbols and fences only on the visible step, not inside a comment or <div>', () => {
  const text = readFileSync(join(FIXTURES, '..', 'language', 'html-comment.md'), 'utf8');
  const service = new RunbookLanguageService();
  const doc = { uri: 'file:///html-comment.md', version: 1, getText: () => text };
  const lines = text.split('\n');
  const braceLines = lines.flatMap((l, i) => (l === '```bash { }' ? [i] : []));
  const bodyLines = lines.flatMap((l, i) => (l === 'echo $SITE' ? [i] : []));
  assert.equal(braceLines.length, 3);
  assert.deepEqual(service.document(doc)!.fences.map((f) => f.openLine), [braceLines[0]]);
  const offered = (line: number, character: number) => service.completion(doc, { line, character }).length > 0;
  assert.deepEqual(braceLines.map((l) => offered(l, 9)), [true, false, false], 'attribute completion');
  assert.deepEqual(bodyLines.map((l) => offered(l, 6)), [true, false, false], 'variable completion after $');
  assert.deepEqual(service.documentSymbols(doc).map((s) => s.range.start.line), [braceLines[0]]);
});
