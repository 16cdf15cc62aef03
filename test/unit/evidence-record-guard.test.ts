// `verify` checks the shape of the record an HTML or JSON export embeds before it trusts any of it
// (src/core/evidence/recordGuard.ts): each kind of malformed record is reported as damaged with the
// file (and, for HTML, the line of the record), never a stack trace or a pass.
import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportSession, verifyEvidence } from '../../src/core/evidence';
import { escapeText, unescapeText } from '../../src/core/evidence/ansi';
import { DATA_CLOSE, DATA_OPEN } from '../../src/core/evidence/html';
import { recordSession, tempDir } from '../fixtures/session/record';

type Json = Record<string, unknown>;

/** The HTML export with its embedded record edited as JSON. */
function editHtml(html: string, edit: (record: Json) => void): string {
  const open = html.lastIndexOf(DATA_OPEN) + DATA_OPEN.length;
  const close = html.indexOf(DATA_CLOSE, open);
  const record = JSON.parse(unescapeText(html.slice(open, close))) as Json;
  edit(record);
  return `${html.slice(0, open)}${escapeText(JSON.stringify(record))}${html.slice(close)}`;
}

const htmlCases: [string, (r: Json) => void][] = [
  ['an unknown field', (r) => (r.extra = 1)],
  ['a missing log', (r) => delete r.log],
  ['format 2', (r) => (r.format = 2)],
  ['a snapshot that is not text', (r) => (r.snapshots = { 'runbook.md': 5 })],
  ['an excerpt with both text and base64', (r) => {
    const excerpts = r.excerpts as Record<string, Json>;
    const first = Object.values(excerpts)[0]!;
    first.head = { text: 'a', base64: 'YQ==' };
  }],
  ['an excerpt without its tail', (r) => delete (Object.values(r.excerpts as Record<string, Json>)[0]!).tail],
  ['live: false', (r) => (r.live = false)],
  ['a record that is a list', (r) => Object.assign(r, { log: ['x'] })],
];

test('an HTML export whose embedded record has the wrong shape is reported damaged, naming its line', async () => {
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-rg-') });
  const html = await exportSession(dir, 'html', 'runbook test');
  const file = join(dir, '..', 'e.html');
  await writeFile(file, html);
  assert.equal((await verifyEvidence(file)).ok, true, 'the export as written');
  const line = html.slice(0, html.lastIndexOf(DATA_OPEN)).split('\n').length;
  for (const [what, edit] of htmlCases) {
    await writeFile(file, editHtml(html, edit));
    const r = await verifyEvidence(file);
    assert.equal(r.ok, false, what);
    assert.equal(r.message, `${file}:${line}: the embedded evidence record is damaged`, what);
  }
});

const jsonCases: [string, (d: Json) => void][] = [
  ['another kind', (d) => (d.kind = 'something-else')],
  ['an output that is neither text nor base64', (d) => (d.outputs = { 'outputs/x.1.log': { hex: '00' } })],
  ['a signature that is a number', (d) => (d.signature = 7)],
  ['a missing exportedAt', (d) => delete d.exportedAt],
];

test('a JSON export whose record has the wrong shape is not a valid Runbook JSON export', async () => {
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-rg-') });
  const text = await exportSession(dir, 'json', 'runbook test');
  const file = join(dir, '..', 'e.json');
  await writeFile(file, text);
  assert.equal((await verifyEvidence(file)).ok, true, 'the export as written');
  for (const [what, edit] of jsonCases) {
    const doc = JSON.parse(text) as Json;
    edit(doc);
    await writeFile(file, JSON.stringify(doc, null, 2));
    const r = await verifyEvidence(file);
    assert.equal(r.ok, false, what);
    assert.equal(r.message, `${file}: not a valid Runbook JSON export (altered or damaged)`, what);
  }
  // Fields beside the record are the rendering: they pass the shape check and fail the re-render.
  const doc = JSON.parse(text) as Json;
  doc.note = 'added';
  await writeFile(file, JSON.stringify(doc, null, 2));
  const r = await verifyEvidence(file);
  assert.equal(r.ok, false);
  assert.match(r.message, /the document was altered/);
});
