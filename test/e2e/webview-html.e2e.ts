// The HTML GitHub renders, in the notebook webview (the real bundle in headless Chromium under
// the panel's CSP): <details>/<summary>, <kbd>, <br>, <sub>/<sup>, tables, <div align>, a badge
// image, a GitHub alert and an emoji shortcode, comments hidden, a relative image as its placeholder, `#anchor` links to the runbook's
// own ids; and the Variables form a waiting run opens. Screenshots go to test/e2e/artifacts/.
// Run: node --import tsx --test test/e2e/webview-html.e2e.ts
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseRunbook } from '../../src/core/format/parse';
import { launchBrowser } from '../harness/browser';
import { cspViolations, posted, send, startWebviewSite, waitForPosted, type WebviewSite } from './webview/page';
import type { ThemeName } from './webview/themes';

const artifacts = path.resolve(__dirname, 'artifacts');
const BADGE = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="90" height="20"><rect width="44" height="20" fill="#555"/><rect x="44" width="46" height="20" fill="#4c1"/><text x="6" y="14" fill="#fff" font-family="sans-serif" font-size="11">build</text><text x="49" y="14" fill="#fff" font-family="sans-serif" font-size="11">passing</text></svg>').toString('base64')}`;

const RUNBOOK = `---
variables:
  API_KEY: { secret: true, description: Monitoring API token }
  REGION: { default: eu-west-1 }
---
# Rotate the monitoring token [![build](https://img.shields.io/badge/build-passing-green.svg)](https://example.com/ci)

<div align="center">
  <img src="${BADGE}" alt="build passing"> <img src="./diagram.png" alt="network diagram">
</div>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop a step. Water is H<sub>2</sub>O; 2<sup>10</sup> is 1024.<br>
A line after a break. See [the notes](#notes).

<!-- Disabled until CHG-77: nothing here is shown -->

> [!WARNING]
> Rotate outside business hours :warning:

| Host | Role |
| --- | --- |
| web01 | <kbd>frontend</kbd> |
| db01 | database |

<details>
<summary>Why rotate?</summary>

The old token leaked in a CI log. Rotation takes one minute.

</details>

\`\`\`bash {#rotate}
curl -sf -H "Authorization: Bearer $API_KEY" https://example.invalid/rotate
\`\`\`

<a name="notes"></a>
## Notes

- [ ] The dashboard shows the new token's first use
`;

let browser: Browser;
let site: WebviewSite;

before(async () => {
  [browser, site] = await Promise.all([launchBrowser(), startWebviewSite()]);
  mkdirSync(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(theme: ThemeName): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  await page.goto(site.url(theme));
  await waitForPosted(page, 'ready');
  await send(page, { type: 'document', uri: 'file:///work/rotate.md', text: RUNBOOK, runbook: parseRunbook(RUNBOOK, { fileName: 'rotate.md' }), trusted: true });
  await waitForPosted(page, 'rendered');
  return page;
}

test('GitHub\'s HTML renders: details, kbd, br, sub/sup, tables, div align, a badge; comments hidden; a relative image is a placeholder', async () => {
  const page = await open('light');
  const content = page.locator('main.rb-content');
  assert.equal(await content.locator('details > summary').textContent(), 'Why rotate?');
  assert.equal(await content.locator('details').evaluate((d) => (d as HTMLDetailsElement).open), false, 'closed until clicked');
  await content.locator('details > summary').click();
  await content.locator('details p', { hasText: 'The old token leaked' }).waitFor();
  assert.deepEqual(await content.locator('kbd').allTextContents(), ['Ctrl', 'C', 'frontend']);
  assert.equal(await content.locator('sub').textContent(), '2');
  assert.equal(await content.locator('sup').textContent(), '10');
  assert.equal(await content.locator('p br').count(), 1);
  assert.equal(await content.locator('table td').count(), 4);
  assert.equal(await content.locator('div[align="center"]').count(), 1);
  // Badges: an https: one in the title (kept; this machine may be offline) and a data: one in the
  // centred <div>, loaded.
  assert.equal(await content.locator('h1 a img[src^="https://img.shields.io/"]').count(), 1);
  const badge = content.locator('div[align="center"] img[src^="data:image/svg+xml"]');
  assert.equal(await badge.evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth), 90, 'the badge loaded');
  assert.equal(await content.locator('.rb-image-placeholder').textContent(), '[image: network diagram]');
  assert.match((await content.locator('.rb-image-placeholder').getAttribute('title')) ?? '', /Not shown: \.\/diagram\.png/);
  assert.ok(!((await content.textContent()) ?? '').includes('CHG-77'), 'the comment is hidden');
  // A GitHub alert: titled, with its icon and the warning colour; the shortcode is the emoji.
  const alert = content.locator('.markdown-alert-warning');
  assert.equal(await alert.locator('.markdown-alert-title').textContent(), 'Warning');
  assert.equal(await alert.locator('.markdown-alert-title .codicon-warning').count(), 1);
  assert.equal((await alert.locator('p').nth(1).textContent())?.trim(), 'Rotate outside business hours ⚠️');
  const [border, title] = await alert.evaluate((a) => [getComputedStyle(a).borderLeftColor, getComputedStyle(a.querySelector('.markdown-alert-title')!).color]);
  assert.equal(border, title, 'the border and the title share the alert colour');
  assert.ok(!((await content.textContent()) ?? '').includes('[!WARNING]'));
  // The runbook's own anchor keeps working under its user-content- prefix.
  assert.equal(await content.locator('a[name="user-content-notes"]').count(), 1);
  await content.getByRole('link', { name: 'the notes' }).click();
  assert.equal((await posted(page)).filter((m) => m.type === 'openLink').length, 0, 'an in-page link is not sent to the host');
  assert.equal(await page.locator('.rb-card[data-step-id="rotate"]').count(), 1);
  assert.equal(await page.locator('input.rb-check[data-step-id]').count(), 1);
  assert.deepEqual(await cspViolations(page), []);
  await page.close();
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshot (${theme}): GitHub's HTML in the notebook`, async () => {
    const page = await open(theme);
    await page.locator('main.rb-content details > summary').click();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(artifacts, `webview-html-${theme}.png`), fullPage: true });
    await page.close();
  });
}

test('a run waiting for a secret: the form opens with the field marked and required; Cancel says why nothing ran; submit answers the request', async () => {
  const page = await open('dark');
  await send(page, { type: 'requestVariables', requestId: 7, missing: ['API_KEY'] });
  const form = page.locator('form.rb-variables');
  await form.waitFor();
  const field = form.locator('input[name="API_KEY"]');
  assert.equal(await field.getAttribute('type'), 'password');
  assert.equal(await field.evaluate((f) => (f as HTMLInputElement).required), true);
  assert.equal(await field.evaluate((f) => f === document.activeElement), true, 'the missing field has the focus');
  assert.match((await form.locator('.rb-variables-message').textContent()) ?? '', /The run waits for: API_KEY/);
  assert.equal(await form.locator('.rb-variable.rb-missing label').textContent(), 'API_KEY');
  await page.screenshot({ path: path.join(artifacts, 'webview-variables-waiting.png') });
  // An empty submit is refused by the form itself: nothing is posted.
  await form.getByRole('button', { name: 'Use these values' }).click();
  assert.equal((await posted(page)).filter((m) => m.type === 'submitVariables').length, 0);
  await form.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual((await waitForPosted(page, 'cancelVariables')).requestId, 7);
  assert.match((await page.locator('.rb-variables-notice').textContent()) ?? '', /Nothing ran: API_KEY has no value/);
  // The next request: typed value submitted with the request id; the notice goes.
  await send(page, { type: 'requestVariables', requestId: 8, missing: ['API_KEY'] });
  await field.fill('s3cret-from-the-form');
  await form.getByRole('button', { name: 'Use these values' }).click();
  const submitted = await waitForPosted(page, 'submitVariables');
  assert.deepEqual(submitted, { type: 'submitVariables', values: { API_KEY: 's3cret-from-the-form' }, requestId: 8 });
  assert.equal(await page.locator('.rb-variables-notice').isHidden(), true);
  await page.close();
});

test('a step or check the runbook\'s HTML displaced is still shown (at the end): everything that can run or be ticked is on the page', async () => {
  const page = await browser.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  await page.goto(site.url('light'));
  await waitForPosted(page, 'ready');
  // The parser's result names a step at line 3 and a check at line 7; the text shown has neither
  // there (what an HTML block that swallows them looks like to the page).
  const parsedFrom = '# T\n\n```bash {#hidden-step}\necho hi\n```\n\n- [ ] hidden check\n';
  const shown = '# T\n\n<div>\n\nonly prose here\n\n</div>\n';
  await send(page, { type: 'document', uri: 'file:///work/displaced.md', text: shown, runbook: parseRunbook(parsedFrom), trusted: true });
  const rendered = await waitForPosted(page, 'rendered');
  assert.deepEqual([rendered.stepCount, rendered.checkCount], [1, 1]);
  assert.equal(await page.locator('main.rb-content > .rb-card[data-step-id="hidden-step"]').count(), 1);
  assert.equal(await page.locator('main.rb-content > ul.contains-task-list input.rb-check[data-step-id]').count(), 1);
  assert.match((await page.locator('main.rb-content > ul.contains-task-list li').textContent()) ?? '', /hidden check/);
  await page.close();
});
