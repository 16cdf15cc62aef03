// XSS in the HTML evidence: 64 payloads in the runbook title, section headings, step titles, code,
// output (including terminal escape sequences), manual checks, variable values and notes. The
// export is opened in headless Chromium with a canary (`pwn()` logs to the console; a loopback
// server counts requests): nothing fires — with the export's CSP, and again with the CSP removed,
// so escaping alone holds. Positive controls prove the canary would see an injection and that the
// CSP blocks inline script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { parseRunbook } from '../../src/core/format';
import { Executor } from '../../src/core/executor';
import { openNewSession } from '../../src/core/session';
import { exportSession } from '../../src/core/evidence';
import { xssPayloads } from '../fixtures/hostile/xss-payloads';
import { startCanaryServer, type CanaryServer } from '../fixtures/hostile/canaryServer';

let canary: CanaryServer;
let browser: Browser;

before(async () => {
  canary = await startCanaryServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await canary?.close();
});

const canaryUrl = (n: number) => canary.url(`payload-${n}`);

function hostileRunbook(payloads: readonly string[]): string {
  const parts = [`---\ntitle: ${JSON.stringify(payloads[0])}\nvariables:\n  HOST: {default: ${JSON.stringify(payloads[1])}}\n---\n# ${payloads[2]}\n`];
  payloads.forEach((p, i) => {
    const oneLine = p.replace(/[\r\n\u2028\u2029]/g, ' ');
    parts.push(`## Part ${i} ${oneLine}\n\n${oneLine}\n\n~~~bash {#p${i}}\ncat <<'RUNBOOK_EOF'\n${p}\nRUNBOOK_EOF\necho "$HOST"\n~~~\n\n- [ ] check ${oneLine}\n`);
  });
  return parts.join('\n');
}

/** Runs the hostile runbook in-process with a real session, adds a note per step, exports HTML. */
async function hostileEvidence(): Promise<{ html: string; payloads: string[] }> {
  const payloads = xssPayloads(canaryUrl);
  assert.ok(payloads.length >= 50, `${payloads.length} payloads`);
  const dir = mkdtempSync(join(tmpdir(), 'rb-xss-'));
  const text = hostileRunbook(payloads);
  const file = join(dir, 'book.md');
  writeFileSync(file, text);
  const runbook = parseRunbook(text, { fileName: 'book.md' });
  assert.equal(runbook.steps.filter((s) => s.kind === 'code').length, payloads.length);
  const session = await openNewSession({ sessionsDir: join(dir, 'sessions'), runbookPath: file, runbookText: text, variables: { HOST: payloads[1]! }, secretNames: [], tool: { name: 'test', version: '0' } });
  const executor = new Executor({
    runbook, baseDir: dir, variables: {}, outputPath: (id, n) => session.outputPath(id, n), observers: [session],
    host: { confirm: async () => true, decideCheck: async () => 'passed' },
  });
  const summary = await executor.runAll();
  assert.equal(summary.status, 'passed');
  for (const [i, step] of runbook.steps.filter((s) => s.kind === 'code').entries()) await session.addNote(step.id, `note ${payloads[i]}`);
  await session.end('passed');
  return { html: await exportSession(session.dir, 'html', 'runbook test'), payloads };
}

interface Render {
  readonly fired: string[];
  readonly cspViolations: number;
  readonly dom: { scripts: number; handlers: string[]; frames: number; links: string[]; styles: number; urlStyles: number; refresh: number; base: number };
}

async function render(html: string): Promise<Render> {
  const file = join(mkdtempSync(join(tmpdir(), 'rb-xss-page-')), 'evidence.html');
  writeFileSync(file, html);
  const page = await browser.newPage();
  const fired: string[] = [];
  let cspViolations = 0;
  page.on('console', (m) => {
    if (m.text().startsWith('PWNED')) fired.push(m.text());
    if (/Content Security Policy/i.test(m.text())) cspViolations++;
  });
  page.on('dialog', (d) => {
    fired.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { pwn: (n: number) => void }).pwn = (n: number) => console.log(`PWNED ${n}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // Give every handler a chance: hover and focus everything, open details, tab through.
  await page.mouse.move(200, 200);
  await page.mouse.move(5, 5);
  for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: document.querySelectorAll('script').length,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
      frames: document.querySelectorAll('iframe, object, embed, frame').length,
      links: [...document.querySelectorAll('a[href], area[href], [xlink\\:href], form[action], button[formaction]')].map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? a.getAttribute('action') ?? a.getAttribute('formaction') ?? ''),
      styles: document.querySelectorAll('style, link').length,
      urlStyles: all.filter((el) => /url\(/i.test(el.getAttribute('style') ?? '')).length,
      refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
      base: document.querySelectorAll('base').length,
    };
  });
  await page.close();
  return { fired, cspViolations, dom };
}

const withoutCsp = (html: string) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');

test('64 XSS payloads in every field of the HTML evidence: nothing executes, nothing is fetched', async () => {
  const { html, payloads } = await hostileEvidence();
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // The payloads are there, as text: the test exercises them.
  assert.ok(html.includes('&lt;script&gt;pwn(0)&lt;/script&gt;'));
  const missing = payloads.map((_, i) => i).filter((i) => ![`pwn(${i})`, `pwn&amp;#40;${i}&amp;#41;`, `payload-${i}`].some((s) => html.includes(s)));
  assert.deepEqual(missing, [], 'every payload reaches the export');

  for (const [label, page] of [['as exported (with CSP)', html], ['with the CSP removed (escaping alone)', withoutCsp(html)]] as const) {
    canary.hits.length = 0;
    const r = await render(page);
    assert.deepEqual(r.fired, [], `${label}: a payload executed`);
    assert.deepEqual(canary.hits, [], `${label}: a payload made a network request`);
    assert.equal(r.dom.scripts, 0, `${label}: <script> elements`);
    assert.deepEqual(r.dom.handlers, [], `${label}: event-handler attributes`);
    assert.equal(r.dom.frames, 0, `${label}: frames/objects`);
    assert.deepEqual(r.dom.links.filter((h) => !h.startsWith('#')), [], `${label}: links leaving the page`);
    assert.equal(r.dom.styles, 1, `${label}: only the export's own <style>`);
    assert.equal(r.dom.urlStyles, 0, `${label}: inline styles with url()`);
    assert.equal(r.dom.refresh + r.dom.base, 0, `${label}: <meta refresh> or <base>`);
  }
});

test('positive controls: the canary sees an injected script; the export\'s CSP blocks it', async () => {
  const { html } = await hostileEvidence();
  const injected = (doc: string) => doc.replace('<body>', `<body><script>pwn(998)</script><img src=x onerror="pwn(999)"><img src="${canaryUrl(997)}">`);
  canary.hits.length = 0;
  const open = await render(injected(withoutCsp(html)));
  assert.deepEqual(open.fired.sort(), ['PWNED 998', 'PWNED 999'], 'without a CSP the injected script runs: the canary works');
  assert.deepEqual(canary.hits, ['/payload-997']);
  canary.hits.length = 0;
  const guarded = await render(injected(html));
  assert.deepEqual(guarded.fired, [], 'the CSP blocks inline script and handlers');
  assert.deepEqual(canary.hits, [], 'the CSP blocks requests');
  assert.ok(guarded.cspViolations >= 2, `CSP violations reported: ${guarded.cspViolations}`);
});
