// The language server's diagnostics through an in-process LSP connection: exactly the core's lint
// diagnostics, refreshed on change, cleared on close, none for Markdown that is not a runbook
// (neither by its fences nor by the file rule).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_RUNBOOK_INCLUDE } from '../../src/core/format/isRunbook';
import { parseRunbook } from '../../src/core/format/parse';
import { RUNBOOK_FILES_NOTIFICATION } from '../../src/core/language/runbookFilesNotification';
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

// Which files get diagnostics: only runbooks (src/core/format/isRunbook.ts), with the inputs the
// client sends: the default globs here, as a client that sends none gets.
test('diagnostics only for runbooks: front matter, runbook.include, opened as a runbook; never a plain README', async () => {
  const session = await startSession({ runbookFiles: null, workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }] });
  try {
    const duplicate = '```bash {#a}\necho 1\n```\n\n```bash {#a}\necho 2\n```\n';
    const codes = (d: { code?: unknown }[]) => d.map((x) => x.code);
    assert.deepEqual(await session.open('file:///ws/README.md', duplicate), [], 'a plain README with bash fences');
    assert.deepEqual(codes(await session.open('file:///ws/ops/runbooks/deploy.md', duplicate)), ['duplicate-id'], 'under runbooks/');
    assert.deepEqual(codes(await session.open('file:///ws/deploy.runbook.md', duplicate)), ['duplicate-id'], '*.runbook.md');
    assert.deepEqual(codes(await session.open('file:///ws/notes.md', `---\nshell: bash\n---\n${duplicate}`)), ['duplicate-id'], 'runbook front matter');
    // Open Runbook on the README: the client sends the remembered set and the server re-lints.
    const relinted = new Promise<unknown[]>((resolve) => session.client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      if (p.uri === 'file:///ws/README.md') resolve(p.diagnostics);
    }));
    await session.client.sendNotification(RUNBOOK_FILES_NOTIFICATION, { include: DEFAULT_RUNBOOK_INCLUDE, remembered: ['file:///ws/README.md'] });
    assert.deepEqual(codes(await relinted as { code?: unknown }[]), ['duplicate-id'], 'opened as a runbook');
  } finally {
    session.dispose();
  }
});
