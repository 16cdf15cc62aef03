// Evidence of a session whose writer is still alive: shown "in progress", not "interrupted". The
// liveness is decided at export (from session.lock) and recorded in the export, so `verify`
// re-renders from what is embedded and still agrees after the writer is long gone.
import { strict as assert } from 'node:assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportSession, verifyEvidence } from '../../src/core/evidence';
import { releaseLock } from '../../src/core/session/lock';
import { recordSession, tempDir } from '../fixtures/session/record';

const AT = '2026-11-29T10:00:00.000Z';

async function liveSession() {
  // Stops right after starting `rotate`: the session lock is held by this (living) process.
  return recordSession({ sessionsDir: await tempDir('rb-live-'), crashInStep: 'rotate', open: true });
}

test('a session still being written exports as in progress in HTML, Markdown, JSON and JUnit', async () => {
  const { dir } = await liveSession();
  const html = await exportSession(dir, 'html', 'runbook test', AT);
  assert.match(html, /class="badge big s-running">… in progress</);
  assert.match(html, /not yet: in progress/);
  assert.doesNotMatch(html, /⚠ interrupted|interrupted \(process died\)/, 'nothing is called interrupted while its writer lives');
  assert.match(html, /class="badge s-running">… running</, 'the started step is running');

  const md = await exportSession(dir, 'md', 'runbook test', AT);
  assert.match(md, /\*\*… in progress\*\*/);
  assert.doesNotMatch(md, /⚠ interrupted/);

  const json = JSON.parse(await exportSession(dir, 'json', 'runbook test', AT)) as { live?: boolean; session: { status: string }; steps: { id: string; status: string }[] };
  assert.equal(json.live, true);
  assert.equal(json.session.status, 'running');
  assert.equal(json.steps.find((s) => s.id === 'rotate')?.status, 'running');

  const junit = await exportSession(dir, 'junit', 'runbook test', AT);
  assert.match(junit, /<property name="status" value="in progress"\/>/);
  assert.match(junit, /errors="0"/, 'a running step is not an error');
  assert.match(junit, /still running when exported/);
});

test('the liveness is recorded in the export: verify passes after the writer is gone, and fails if it is edited', async () => {
  const { dir } = await liveSession();
  const root = await tempDir('rb-live-out-');
  const htmlFile = join(root, 'e.html');
  const jsonFile = join(root, 'e.json');
  await writeFile(htmlFile, await exportSession(dir, 'html', 'runbook test', AT));
  await writeFile(jsonFile, await exportSession(dir, 'json', 'runbook test', AT));

  await releaseLock(dir); // the writer is gone
  const later = await exportSession(dir, 'html', 'runbook test', AT);
  assert.match(later, /class="badge big s-interrupted">⚠ interrupted</, 'without a live writer the same session is interrupted');
  assert.match(later, /Attempt 1 interrupted \(process died\)/);

  // The in-progress exports still verify: verify re-renders from what they embed, not from the lock.
  assert.equal((await verifyEvidence(htmlFile)).ok, true);
  assert.equal((await verifyEvidence(jsonFile)).ok, true);

  // Dropping the recorded liveness (to pass an in-progress record off differently) is detected.
  const json = await readFile(jsonFile, 'utf8');
  const edited = join(root, 'edited.json');
  await writeFile(edited, json.replace('  "live": true,\n', ''));
  assert.notEqual(json, await readFile(edited, 'utf8'));
  assert.equal((await verifyEvidence(edited)).ok, false);
  const html = await readFile(htmlFile, 'utf8');
  const editedHtml = join(root, 'edited.html');
  await writeFile(editedHtml, html.replace(',&quot;live&quot;:true', '').replace(',"live":true', ''));
  assert.notEqual(html, await readFile(editedHtml, 'utf8'));
  assert.equal((await verifyEvidence(editedHtml)).ok, false);
});

test('a finished session ignores the lock: it exports with its final status and no live flag', async () => {
  const { dir } = await recordSession({ sessionsDir: await tempDir('rb-live-end-') });
  const json = JSON.parse(await exportSession(dir, 'json', 'runbook test', AT)) as { live?: boolean; session: { status: string } };
  assert.equal(json.live, undefined);
  assert.equal(json.session.status, 'passed');
});
