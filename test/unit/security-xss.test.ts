// XSS in the HTML evidence and in the webview. Evidence: 64 payloads in the runbook title, section headings, step titles, code,
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
import { send, startWebviewSite, waitForPosted, type WebviewSite } from '../e2e/webview/page';

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

// ---- The webview: since the notebook renders the HTML GitHub renders, the payloads go inside
// HTML blocks (<div>, <details>, <table>), inline HTML and headings too. The real webview bundle
// runs in Chromium (test/e2e/webview/page.ts), with its CSP and again without it (the sanitiser
// alone), and the test looks at the real DOM.

function hostileHtmlRunbook(payloads: readonly string[]): string {
  const oneLine = (p: string) => p.replace(/[\r\n\u2028\u2029]/g, ' ');
  const parts = ['# Hostile HTML\n'];
  payloads.forEach((p, i) => {
    parts.push(
      `## Part ${i} ${oneLine(p)}\n`,
      `<div>\n${p}\n</div>\n`,
      `<details><summary>${oneLine(p)}</summary>\n\n${oneLine(p)}\n\n</details>\n`,
      `<table><tr><td>${oneLine(p)}</td></tr></table>\n`,
      `Inline <kbd>${oneLine(p)}</kbd> and ${oneLine(p)} text.\n`,
      `~~~bash {#p${i}}\necho part ${i}\n~~~\n`,
    );
  });
  // Forged notebook markup: a slot and a check box naming the first step's real source line.
  const firstStepLine = parts.join('\n').split('\n').findIndex((l) => l.startsWith('~~~bash {#p0}')) + 1;
  parts.push(`<div class="rb-step-slot" data-line="${firstStepLine}"></div>\n`, `<p><input type="checkbox" class="rb-check" data-line="${firstStepLine}"> forged</p>\n`, '- [ ] the only real check\n');
  return parts.join('\n');
}

interface WebviewDom {
  readonly posted: Array<{ type: string; stepCount?: number; checkCount?: number }>;
  readonly scripts: number;
  readonly handlers: string[];
  readonly banned: string[];
  readonly hrefs: string[];
  readonly imageSources: string[];
  readonly styled: number;
  readonly cards: number;
  readonly checks: number;
  readonly lastCardId: string | undefined;
}

async function renderInWebview(site: WebviewSite, text: string): Promise<{ fired: string[]; dom: WebviewDom }> {
  const page = await browser.newPage();
  const fired: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('PWNED')) fired.push(m.text());
  });
  page.on('dialog', (d) => {
    fired.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { pwn: (n: number) => void }).pwn = (n: number) => console.log(`PWNED ${n}`);
  });
  await page.goto(site.url('dark'));
  await waitForPosted(page, 'ready');
  await send(page, { type: 'document', uri: 'file:///hostile.md', text, runbook: parseRunbook(text, { fileName: 'hostile.md' }), trusted: true });
  await waitForPosted(page, 'rendered');
  // Give every handler its chance: open every <details>, hover, tab through.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await page.mouse.move(200, 200);
  await page.mouse.move(5, 5);
  for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const dom = await page.evaluate(() => {
    const content = document.querySelector('main.rb-content')!;
    const all = [...content.querySelectorAll('*')];
    return {
      posted: (window as unknown as { __posted: Array<{ type: string; stepCount?: number; checkCount?: number }> }).__posted,
      scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
      banned: all.filter((el) => /^(script|style|link|meta|base|iframe|frame|object|embed|form|button|svg|math|template|noscript|xmp|video|audio|source|textarea|select)$/i.test(el.tagName) && !el.closest('.rb-card')).map((el) => el.tagName),
      hrefs: [...content.querySelectorAll('[href], [xlink\\:href], [action], [formaction], [srcdoc]')].filter((el) => !el.closest('.rb-card')).map((el) => el.getAttribute('href') ?? el.getAttribute('action') ?? el.getAttribute('formaction') ?? `srcdoc ${el.getAttribute('srcdoc')}`),
      imageSources: [...content.querySelectorAll('img')].map((img) => img.getAttribute('src') ?? ''),
      styled: all.filter((el) => el.hasAttribute('style') && !el.closest('.rb-card')).length,
      cards: content.querySelectorAll('.rb-card').length,
      checks: content.querySelectorAll('input.rb-check[data-step-id]').length,
      lastCardId: [...content.querySelectorAll<HTMLElement>('.rb-card')].at(-1)?.dataset.stepId,
    };
  });
  await page.close();
  return { fired, dom };
}

test('the webview: 64 payloads in HTML blocks, <details>, tables, inline HTML and headings; nothing executes, loads or forges a card', async () => {
  const payloads = xssPayloads(canaryUrl);
  const text = hostileHtmlRunbook(payloads);
  for (const csp of [true, false]) {
    const site = await startWebviewSite({ csp });
    try {
      canary.hits.length = 0;
      const { fired, dom } = await renderInWebview(site, text);
      const label = csp ? 'with the CSP' : 'without the CSP (the sanitiser alone)';
      assert.deepEqual(fired, [], `${label}: a payload executed`);
      assert.deepEqual(canary.hits, [], `${label}: a payload made a request`);
      assert.equal(dom.scripts, 2, `${label}: only the page's own two scripts`);
      assert.deepEqual(dom.handlers, [], `${label}: event-handler attributes`);
      assert.deepEqual(dom.banned, [], `${label}: elements outside the allow-list`);
      assert.deepEqual(dom.hrefs.filter((h) => !/^(https?:|#|mailto:)/.test(h)), [], `${label}: javascript:, data: or srcdoc links`);
      assert.deepEqual(dom.imageSources.filter((s) => !/^(https:|data:image\/)/.test(s)), [], `${label}: images from http:, relative or javascript: sources`);
      assert.equal(dom.styled, 0, `${label}: style attributes (CSS url() exfiltration)`);
      const rendered = dom.posted.find((m) => m.type === 'rendered')!;
      assert.equal(rendered.stepCount, payloads.length, `${label}: one card per real step, none forged`);
      assert.equal(dom.cards, payloads.length);
      assert.equal(rendered.checkCount, 1, `${label}: the forged check box is not a check`);
      assert.equal(dom.checks, 1);
      assert.equal(dom.lastCardId, `p${payloads.length - 1}`, `${label}: the first card stays in its own place, not moved into the forged slot`);
    } finally {
      await site.close();
    }
  }
});

test('positive control: without the sanitiser the same page would run a payload', async () => {
  const site = await startWebviewSite({ csp: false });
  const page = await browser.newPage();
  try {
    const fired: string[] = [];
    page.on('console', (m) => void (m.text().startsWith('PWNED') && fired.push(m.text())));
    await page.addInitScript(() => {
      (window as unknown as { pwn: (n: number) => void }).pwn = (n: number) => console.log(`PWNED ${n}`);
    });
    await page.goto(site.url('dark'));
    await page.evaluate(() => {
      document.getElementById('root')!.insertAdjacentHTML('beforeend', '<img src=x onerror="pwn(999)">');
    });
    await page.waitForEvent('console', { predicate: (m) => m.text() === 'PWNED 999' });
    assert.deepEqual(fired, ['PWNED 999']);
  } finally {
    await page.close();
    await site.close();
  }
});
