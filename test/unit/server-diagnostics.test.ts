// The language server's diagnostics through an in-process LSP connection: exactly the core's lint
// diagnostics, refreshed on change, cleared on close, none for Markdown that is not a runbook.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { startSession, type LspSession } from './server-harness';

const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'language', 'deploy.md'), 'utf8');
let lsp: LspSession;
before(async () => (lsp = await startSession()));
after(() => lsp.dispose());

test('on open, the server publishes exactly the lint diagnostics of the core (codes, positions, messages)', async () => {
  const published = await lsp.open('file:///w/deploy.md', fixture);
  const lint = parseRunbook(fixture, { fileName: 'deploy.md' }).diagnostics;
  assert.ok(lint.length >= 4, 'the fixture has several problems');
  assert.deepEqual(
    published.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.message, d.source]),
    lint.map((d) => [d.code, d.line, d.column, d.endLine, d.endColumn, d.message, 'runbook']),
  );
  const duplicate = published.find((d) => d.code === 'duplicate-id')!;
  assert.equal(duplicate.severity, 1, 'error');
  assert.equal(fixture.split('\n')[duplicate.range.start.line], '```bash {#drain when=widows}', 'reported at the later occurrence');
});

test('diagnostics follow edits and are cleared when the file closes', async () => {
  const uri = 'file:///w/edit.md';
  const first = await lsp.open(uri, '```bash {#a}\necho 1\n```\n');
  assert.deepEqual(first, []);
  const broken = await lsp.change(uri, '```bash {#a}\necho 1\n```\n\n```bash {#a}\necho 2\n```\n');
  assert.deepEqual(broken.map((d) => d.code), ['duplicate-id']);
  assert.equal(broken[0]!.range.start.line, 4);
  const fixed = await lsp.change(uri, '```bash {#a}\necho 1\n```\n\n```bash {#b}\necho 2\n```\n');
  assert.deepEqual(fixed, []);
  await lsp.change(uri, '```bash {#a timeout=soon}\necho 1\n```\n');
  assert.deepEqual(await lsp.close(uri), [], 'closing publishes an empty list');
});

test('Markdown that is not a runbook gets no diagnostics and no completions', async () => {
  const uri = 'file:///w/readme.md';
  const text = '# Notes\n\n```json {#x bogus=1}\n{}\n```\n\n- [ ] a task\n';
  assert.deepEqual(await lsp.open(uri, text), []);
  assert.deepEqual(await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 11 } }), []);
});

test('the server advertises every feature the client uses', () => {
  const c = lsp.capabilities;
  assert.ok(c.completionProvider?.triggerCharacters?.includes('{'));
  assert.ok(c.hoverProvider && c.definitionProvider && c.referencesProvider && c.documentSymbolProvider && c.workspaceSymbolProvider);
  assert.deepEqual(c.renameProvider, { prepareProvider: true });
  assert.deepEqual(c.codeActionProvider, { codeActionKinds: ['quickfix'] });
});
