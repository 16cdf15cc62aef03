// The language server on transcripts: the `mixed-transcript` warning where the core puts it, and
// its quick fixes (remove the prompts; mark as documentation) leave a block that lints clean.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { parseRunbook } from '../../src/core/format/parse';
import type { CodeStep } from '../../src/core/format/model';
import { applyEdits, startSession, type LspSession } from './server-harness';

let lsp: LspSession;
before(async () => (lsp = await startSession()));
after(() => lsp.dispose());

const MIXED = '# Clean\n\n> Careful:\n>\n> ```bash {#clean}\n> cd /tmp\n> $ ls\n> rm -rf x\n> ```\n\n```pwsh\nGet-Date\nPS C:\\> Get-Service\n```\n';

async function actions(uri: string, line: number): Promise<CodeAction[]> {
  const range = { start: { line, character: 0 }, end: { line, character: 1 } };
  return lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
}

test('a block mixing prompts and commands gets the mixed-transcript warning on its prompt line', async () => {
  const published = await lsp.open('file:///w/mixed.md', MIXED);
  assert.deepEqual(published.map((d) => [d.code, d.severity, d.range.start.line + 1]), [['mixed-transcript', 2, 7], ['mixed-transcript', 2, 13]]);
  assert.match(published[0]!.message, /line 7 starts with the prompt '\$' but line 6 above it has none/);
  const clean = await lsp.change('file:///w/mixed.md', '```console\n$ ls\nfile\n```\n');
  assert.deepEqual(clean, [], 'a transcript is no warning');
});

test('quick fix: remove the prompts (in a block quote too), so every line runs as a script', async () => {
  const uri = 'file:///w/fix-strip.md';
  await lsp.open(uri, MIXED);
  const [strip, norun] = await actions(uri, 6);
  assert.equal(strip!.title, 'Remove the prompts (every line then runs as a script)');
  assert.equal(strip!.isPreferred, true);
  const fixed = applyEdits(MIXED, strip!.edit!.changes![uri]!);
  assert.ok(fixed.includes('> cd /tmp\n> ls\n> rm -rf x\n'), fixed);
  const step = parseRunbook(fixed).steps[0] as CodeStep;
  assert.deepEqual([step.notRunnable, step.transcript, step.code], [undefined, undefined, 'cd /tmp\nls\nrm -rf x\n']);

  assert.equal(norun!.title, 'Mark the block as documentation (norun)');
  const doc = applyEdits(MIXED, norun!.edit!.changes![uri]!);
  assert.ok(doc.includes('> ```bash {#clean norun}\n'), doc);
  assert.equal(parseRunbook(doc).steps.filter((s) => s.line === 5).length, 0);

  const [psStrip, psNorun] = await actions(uri, 12);
  const ps = applyEdits(MIXED, [...psStrip!.edit!.changes![uri]!]);
  assert.ok(ps.includes('```pwsh\nGet-Date\nGet-Service\n```'), ps);
  assert.ok(applyEdits(MIXED, psNorun!.edit!.changes![uri]!).includes('```pwsh norun\n'));
  assert.deepEqual(parseRunbook(applyEdits(MIXED, [...strip!.edit!.changes![uri]!, ...psStrip!.edit!.changes![uri]!])).diagnostics, []);
});
