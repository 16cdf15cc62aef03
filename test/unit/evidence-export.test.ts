// Evidence exports: HTML (self-contained, escaped, head+tail), Markdown, JSON, JUnit.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { exportSession } from '../../src/core/evidence';
import { sha256 } from '../../src/core/session/chain';
import { recordSession, tempDir } from '../fixtures/session/record';

const big = Array.from({ length: 5000 }, (_, i) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(30)}\n`).join('');

async function session() {
  const root = await tempDir('rb-exp-');
  return recordSession({
    sessionsDir: root,
    statuses: { rotate: 'failed' },
    outputs: { health: '\u001b[1;31mERROR\u001b[0m <script>alert(1)</script> & "quotes"\n', restart: big },
  });
}

test('HTML: self-contained, script-free, escaped output with ANSI colours, TOC with status icons', async () => {
  const { dir } = await session();
  const html = await exportSession(dir, 'html', 'runbook test', '2026-11-29T10:00:00.000Z');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.doesNotMatch(html, /<script|<link |src="http|@import|url\(/i);
  assert.match(html, /<title>Deploy the web tier — run evidence<\/title>/);
  assert.ok(html.includes('<span class="fg-red d-bold">ERROR</span> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;'));
  // TOC: every step with its status icon, in runbook order.
  const toc = html.slice(html.indexOf('<nav>'), html.indexOf('</nav>'));
  assert.deepEqual([...toc.matchAll(/<span class="icon s-([a-z-]+)">(.)<\/span><a href="#step-([^"]+)">/g)].map((m) => [m[1], m[2], m[3]]), [
    ['passed', '✓', 'health'], ['failed', '✗', 'rotate'], ['passed', '✓', 'confirm-check-1'], ['passed', '✓', 'restart'],
  ]);
  assert.match(html, /class="badge big s-failed">✗ failed</);
  assert.match(html, /exit code 3 is not in expect-exit \(0\)/);
  assert.match(html, /Health was green\./);
  assert.match(html, /☑ Ticked \(passed\) by alice/);
  assert.match(html, /curl -fsS http:\/\/\$HOST\/health/);
  // Large output: head and tail only, with full size and digest.
  assert.ok(html.includes('line 00000'));
  assert.ok(html.includes('line 04999'));
  assert.ok(!html.includes('line 02500'));
  assert.ok(html.includes(`of ${(Buffer.byteLength(big) / 1024).toFixed(1)} KiB`));
  assert.ok(html.includes(Buffer.byteLength(big).toLocaleString('en-US')));
  assert.ok(html.includes(sha256(big)));
  assert.ok(html.includes('Chain head SHA-256'));
});

test('Markdown: the runbook with each outcome, output and note after its step', async () => {
  const { dir, text } = await session();
  const md = await exportSession(dir, 'md', 'runbook test');
  for (const line of text.split('\n')) assert.ok(md.includes(line), `keeps: ${line}`);
  const rotateFence = md.indexOf('logrotate -f /etc/logrotate.d/web\n```');
  const outcome = md.indexOf('> **Outcome:** **✗ failed** · exit code 3');
  assert.ok(rotateFence > 0 && outcome > rotateFence && outcome < md.indexOf('## Confirm'));
  assert.ok(md.indexOf('Health was green') < md.indexOf('## Rotate logs'));
  assert.ok(md.includes('ERROR <script>alert(1)</script>'), 'ANSI stripped, inside a fence');
  assert.match(md, /^---\ntitle: Deploy the web tier/);
  assert.match(md, /> \*\*Run evidence\*\* · \*\*✗ failed\*\*/);
});

test('JSON: every event and every output in full', async () => {
  const { dir } = await session();
  const doc = JSON.parse(await exportSession(dir, 'json', 'runbook test'));
  assert.equal(doc.kind, 'runbook-evidence');
  assert.equal(doc.events.length, 13);
  assert.equal(doc.session.status, 'failed');
  const restart = doc.steps.find((s: { id: string }) => s.id === 'restart');
  assert.equal(doc.outputs[restart.output.file].text, big);
  assert.equal(doc.steps.find((s: { id: string }) => s.id === 'rotate').exitCode, 3);
});

test('JUnit: each step a test case; failures and skips marked', async () => {
  const { dir } = await session();
  const xml = await exportSession(dir, 'junit', 'runbook test');
  assert.match(xml, /<testsuites name="Deploy the web tier" tests="4" failures="1" errors="0" skipped="0"/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
  assert.match(xml, /<testcase name="2\. [^"]*" [^>]*><failure message="exit code 3 is not in expect-exit \(0\); token ••••••" type="failed">/);
  assert.ok(xml.includes('ERROR &lt;script&gt;'));
  assert.equal(xml.includes('\u001b'), false);
});
