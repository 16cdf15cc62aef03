// Completion, hover, definition, references, rename, code actions and symbols through an
// in-process LSP connection to the real server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location, MarkupContent, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { parseRunbook } from '../../src/core/format/parse';
import { applyEdits, startSession, type LspSession } from './server-harness';

const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'language', 'deploy.md'), 'utf8');
const lines = fixture.split('\n');
const URI = 'file:///w/deploy.md';
let lsp: LspSession;

/** Position of the `nth` occurrence of `needle` on the first line containing `lineMarker`, plus `delta`. */
function at(lineMarker: string, needle = lineMarker, delta = 0, text = fixture) {
  const all = text.split('\n');
  const line = all.findIndex((l) => l.includes(lineMarker));
  assert.ok(line >= 0, lineMarker);
  return { line, character: all[line]!.indexOf(needle) + delta };
}
const doc = (uri = URI) => ({ textDocument: { uri } });
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

before(async () => {
  lsp = await startSession();
  await lsp.open(URI, fixture);
});
after(() => lsp.dispose());

async function completeIn(text: string, position: { line: number; character: number }, uri = 'file:///w/c.md'): Promise<CompletionItem[]> {
  await lsp.open(uri, text);
  const items = await lsp.request<CompletionItem[]>('textDocument/completion', { ...doc(uri), position });
  await lsp.close(uri);
  return items;
}

test('completion inside braces offers attribute names with documentation, not those already written', async () => {
  const text = '```bash {#a ti}\necho\n```\n';
  const items = await completeIn(text, { line: 0, character: 14 });
  const timeout = items.find((i) => i.label === 'timeout')!;
  assert.ok(timeout, labels(items).join());
  assert.match((timeout.documentation as MarkupContent).value, /Kills the step/);
  assert.equal(timeout.textEdit && 'range' in timeout.textEdit ? timeout.textEdit.newText : '', 'timeout=');
  assert.deepEqual(timeout.textEdit && 'range' in timeout.textEdit ? timeout.textEdit.range : undefined, { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } });
  assert.ok(!labels(items).includes('id') && !labels(items).includes('name'), 'the step already has an id');
  assert.equal(items.find((i) => i.label === 'norun')!.textEdit!.newText, 'norun', 'flags are inserted bare');
  // Also while the brace is not closed yet, and right after `{`.
  assert.ok(labels(await completeIn('```bash {\necho\n```\n', { line: 0, character: 9 })).includes('timeout'));
  // Not outside the braces, not on a closing fence, not on a non-executable fence.
  assert.deepEqual(await completeIn('```bash {#a} \necho\n```\n', { line: 0, character: 13 }), []);
  assert.deepEqual(await completeIn('```bash {#a}\necho\n```\n\n```json {\n{}\n```\n', { line: 4, character: 9 }), []);
});

test('completion offers values where they are enumerable: when=, booleans, durations, shell', async () => {
  assert.deepEqual(labels(await completeIn('```bash {when=}\n```\n', { line: 0, character: 14 })), ['linux', 'darwin', 'windows']);
  assert.deepEqual(labels(await completeIn('```bash {continue-on-error=}\n```\n', { line: 0, character: 27 })), ['true', 'false']);
  assert.ok(labels(await completeIn('```bash {timeout=5}\n```\n', { line: 0, character: 18 })).includes('5m'));
  assert.deepEqual(labels(await completeIn('```bash {shell="}\n```\n', { line: 0, character: 16 })), ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'fish']);
  assert.deepEqual(await completeIn('```bash {cwd=}\n```\n', { line: 0, character: 13 }), [], 'free text has no values');
});

test('completion offers declared variables after $, ${ and $env:', async () => {
  const dollar = await lsp.request<CompletionItem[]>('textDocument/completion', { ...doc(), position: at('curl -H', '$API_TOKEN', 1) });
  assert.deepEqual(labels(dollar).sort(), ['API_TOKEN', 'HOST']);
  assert.equal(dollar.find((i) => i.label === 'HOST')!.detail, 'Server to deploy to');
  const text = '---\nvariables:\n  HOST: {}\n---\n```bash\necho ${H\n```\n\n```pwsh\n$env:\n```\n';
  const brace = await completeIn(text, { line: 5, character: 8 });
  assert.equal(brace[0]!.textEdit!.newText, 'HOST}', 'closes the brace');
  assert.deepEqual(brace[0]!.textEdit && 'range' in brace[0]!.textEdit ? brace[0]!.textEdit.range.start : undefined, { line: 5, character: 7 });
  assert.deepEqual(labels(await completeIn(text, { line: 9, character: 5 })), ['HOST']);
  assert.deepEqual(await completeIn(text, { line: 5, character: 4 }), [], 'no $ before the cursor');
});

test('completion offers front-matter keys, variable fields and their values', async () => {
  const text = '---\ntitle: x\n\nvariables:\n  HOST:\n    description: h\n    \n  USED:\n    secret: \n---\n```bash\necho $HOST $USED $NEW\n```\n';
  const top = labels(await completeIn(text, { line: 2, character: 0 }));
  assert.ok(top.includes('shell') && top.includes('timeout') && !top.includes('title') && !top.includes('variables'), top.join());
  const fields = labels(await completeIn(text, { line: 6, character: 4 }));
  assert.ok(fields.includes('default') && fields.includes('secret') && !fields.includes('description'), fields.join());
  assert.deepEqual(labels(await completeIn(text, { line: 8, character: 12 })), ['true', 'false']);
  const glued = await completeIn('---\ntimeout:\n---\n```bash\n```\n', { line: 1, character: 8 });
  assert.equal(glued.find((i) => i.label === '5m')?.textEdit?.newText, ' 5m', 'a space after the colon keeps it YAML');
  const names = await completeIn(text.replace('  USED:', '  '), { line: 7, character: 2 });
  assert.deepEqual(labels(names), ['USED', 'NEW'], 'offers variables steps use but nobody declares');
});

test('hover documents attributes and describes variables (secret, default) on their uses', async () => {
  const timeout = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: at('{#drain timeout', 'timeout', 2) });
  assert.match((timeout.contents as MarkupContent).value, /\*\*timeout\*\* — Kills the step/);
  assert.deepEqual(timeout.range, { start: at('{#drain timeout', 'timeout'), end: at('{#drain timeout', 'timeout', 7) });
  const id = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: at('{#drain timeout', 'drain', 1) });
  assert.match((id.contents as MarkupContent).value, /\*\*id\*\*/);
  const host = await lsp.request<Hover>('textDocument/hover', { ...doc(), position: at('scp build', 'HOST', 1) });
  const hostText = (host.contents as MarkupContent).value;
  assert.match(hostText, /Server to deploy to/);
  assert.match(hostText, /Default: `web01`/);
  assert.match(hostText, /Secret: no/);
  const token = (await lsp.request<Hover>('textDocument/hover', { ...doc(), position: at('curl -H', 'API_TOKEN', 3) })).contents as MarkupContent;
  assert.match(token.value, /Secret: yes/);
  assert.match(token.value, /Required: yes/);
  const undeclared = (await lsp.request<Hover>('textDocument/hover', { ...doc(), position: at('scp build', 'RELEASE') })).contents as MarkupContent;
  assert.match(undeclared.value, /not declared/);
  assert.equal(await lsp.request('textDocument/hover', { ...doc(), position: at('Copy the build') }), null);
});

test('go to definition and references connect uses and the front-matter declaration', async () => {
  const declaration = { uri: URI, range: { start: at('  HOST:', 'HOST'), end: at('  HOST:', 'HOST', 4) } };
  assert.deepEqual(await lsp.request<Location>('textDocument/definition', { ...doc(), position: at('scp build', 'HOST', 2) }), declaration);
  assert.deepEqual(await lsp.request<Location>('textDocument/definition', { ...doc(), position: at('Write-Output', 'HOST') }), declaration, '$env:HOST in pwsh');
  const refs = await lsp.request<Location[]>('textDocument/references', { ...doc(), position: at('  HOST:', 'HOST'), context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r) => lines[r.range.start.line]!.slice(r.range.start.character, r.range.end.character)), ['HOST', 'HOST', 'HOST', 'HOST', 'HOST']);
  assert.deepEqual(refs.map((r) => r.range.start.line), [4, 18, 24, 28, 32]);
  const withoutDecl = await lsp.request<Location[]>('textDocument/references', { ...doc(), position: at('scp build', 'HOST'), context: { includeDeclaration: false } });
  assert.equal(withoutDecl.length, 4);
});

test('rename changes the declaration and every use; invalid or taken names are refused', async () => {
  const prepared = await lsp.request<{ placeholder: string }>('textDocument/prepareRename', { ...doc(), position: at('scp build', 'HOST', 1) });
  assert.equal(prepared.placeholder, 'HOST');
  const edit = await lsp.request<WorkspaceEdit>('textDocument/rename', { ...doc(), position: at('scp build', 'HOST', 1), newName: 'TARGET_HOST' });
  const renamed = applyEdits(fixture, edit.changes![URI]!);
  const runbook = parseRunbook(renamed);
  assert.deepEqual(runbook.variables.map((v) => v.name), ['TARGET_HOST', 'API_TOKEN']);
  assert.ok(!/\bHOST\b/.test(renamed.replace(/TARGET_HOST/g, '')), 'no use of the old name is left');
  assert.ok(renamed.includes('"https://lb/drain/${TARGET_HOST}"') && renamed.includes('$env:TARGET_HOST'));
  await assert.rejects(lsp.request('textDocument/rename', { ...doc(), position: at('scp build', 'HOST', 1), newName: '1BAD' }), /not a valid variable name/);
  await assert.rejects(lsp.request('textDocument/rename', { ...doc(), position: at('scp build', 'HOST', 1), newName: 'API_TOKEN' }), /already declared/);
  assert.equal(await lsp.request('textDocument/prepareRename', { ...doc(), position: at('Copy the build') }), null);
});

function actionsAt(uri: string, line: number): Promise<CodeAction[]> {
  const range = { start: { line, character: 0 }, end: { line, character: lines[line]!.length } };
  return lsp.request<CodeAction[]>('textDocument/codeAction', { ...doc(uri), range, context: { diagnostics: [] } });
}

test('code actions fix a duplicate id, a misspelt attribute and value, and declare an undeclared variable', async () => {
  const duplicate = await actionsAt(URI, at('{#drain when=widows}').line);
  const rename = duplicate.find((a) => a.diagnostics?.[0]?.code === 'duplicate-id')!;
  assert.equal(rename.title, "Rename this step's id to 'drain-2'");
  const whenFix = duplicate.find((a) => a.diagnostics?.[0]?.code === 'bad-attribute-value')!;
  const edits = [...rename.edit!.changes![URI]!, ...whenFix.edit!.changes![URI]!];
  assert.ok(applyEdits(fixture, edits).includes('```bash {#drain-2 when=windows}'));

  const [spelling] = await actionsAt(URI, at('{#copy timout').line);
  assert.equal(spelling!.title, "Change to 'timeout'");
  edits.push(...spelling!.edit!.changes![URI]!);

  const declare = (await actionsAt(URI, at('scp build').line)).find((a) => a.diagnostics?.[0]?.code === 'undeclared-variable')!;
  assert.equal(declare.title, "Declare variable 'RELEASE' in the front matter");
  edits.push(...declare.edit!.changes![URI]!);
  const fixed = applyEdits(fixture, edits);

  const after = parseRunbook(fixed);
  assert.deepEqual(after.diagnostics.map((d) => d.code), [], 'every problem of the fixture is fixed');
  assert.deepEqual(after.variables.map((v) => v.name), ['HOST', 'API_TOKEN', 'RELEASE']);
});

test('declaring a variable creates the variables key or the whole front matter when missing', async () => {
  const cases = ['```bash\necho $NEW_ONE\n```\n', '---\ntitle: x\n---\n```bash\necho $NEW_ONE\n```\n', '---\nvariables: {}\n---\n```bash\necho $NEW_ONE\n```\n'];
  for (const [i, text] of cases.entries()) {
    const uri = `file:///w/declare-${i}.md`;
    await lsp.open(uri, text);
    const line = text.split('\n').findIndex((l) => l.includes('$NEW_ONE'));
    const [action] = await lsp.request<CodeAction[]>('textDocument/codeAction', { ...doc(uri), range: { start: { line, character: 6 }, end: { line, character: 6 } }, context: { diagnostics: [] } });
    const fixed = applyEdits(text, action!.edit!.changes![uri]!);
    assert.deepEqual(parseRunbook(fixed).diagnostics, [], fixed);
    assert.deepEqual(parseRunbook(fixed).variables.map((v) => v.name), ['NEW_ONE']);
    await lsp.close(uri);
  }
});

test('document symbols list the steps by id and title', async () => {
  const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', doc());
  const expected = parseRunbook(fixture).steps;
  assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.selectionRange.start.line + 1]), expected.map((s) => [s.id, s.title, s.line]));
  assert.ok(symbols.map((s) => s.name).includes('win-check'));
});

test('workspace symbols find a step by id across runbooks, open or not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ws-'));
  try {
    writeFileSync(join(dir, 'patch.md'), '# Patch\n\n```bash {#reboot-host}\nsudo reboot\n```\n');
    writeFileSync(join(dir, 'notes.md'), '# Notes\n\n```json\n{}\n```\n');
    const session = await startSession({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    try {
      await session.open(URI, fixture);
      const found = await session.request<SymbolInformation[]>('workspace/symbol', { query: 'reboot' });
      assert.deepEqual(found.map((s) => [s.name, s.location.uri, s.location.range.start.line]), [['reboot-host', pathToFileURL(join(dir, 'patch.md')).toString(), 2]]);
      const fuzzy = await session.request<SymbolInformation[]>('workspace/symbol', { query: 'wchk' });
      assert.deepEqual(fuzzy.map((s) => [s.name, s.location.uri]), [['win-check', URI]]);
      const all = await session.request<SymbolInformation[]>('workspace/symbol', { query: '' });
      assert.ok(all.length >= 6);
    } finally {
      session.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
