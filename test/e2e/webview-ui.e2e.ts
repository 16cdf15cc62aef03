// The notebook webview in headless Chromium, driven like a person: the real bundle in a page with
// the panel's CSP and VS Code's theme variables, a fake VS Code API recording what it posts.
// Run: node --import tsx --test test/e2e/webview-ui.e2e.ts   (screenshots: test/e2e/artifacts/)
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseRunbook } from '../../src/core/format/parse';
import { formatBytes } from '../../src/core/run/units';
import type { ToWebviewMessage } from '../../src/webview/protocol';
import { launchBrowser } from '../harness/browser';
import { cspViolations, posted, send, startWebviewSite, waitForPosted, type WebviewSite } from './webview/page';
import type { ThemeName } from './webview/themes';

const root = path.resolve(__dirname, '../..');
const helloText = readFileSync(path.join(root, 'runbooks/hello.md'), 'utf8');
const hello = parseRunbook(helloText, { fileName: 'hello.md' });
const uri = 'file:///work/runbooks/hello.md';

function documentMessage(text: string, trusted = true): ToWebviewMessage {
  return { type: 'document', uri, text, runbook: parseRunbook(text, { fileName: 'hello.md' }), trusted };
}

let browser: Browser;
let site: WebviewSite;

before(async () => {
  [browser, site] = await Promise.all([launchBrowser(), startWebviewSite()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(theme: ThemeName = 'light', trusted = true, text = helloText): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  await page.goto(site.url(theme));
  await waitForPosted(page, 'ready');
  await send(page, documentMessage(text, trusted));
  await waitForPosted(page, 'rendered');
  return page;
}

const card = (page: Page, id: string) => page.locator(`.rb-card[data-step-id="${id}"]`);

describe('rendering', () => {
  test('renders every code step as a card and every task item as a check, under the CSP', async () => {
    const page = await open();
    const rendered = await waitForPosted(page, 'rendered');
    const codeSteps = hello.steps.filter((s) => s.kind === 'code');
    const checks = hello.steps.filter((s) => s.kind === 'check');
    assert.equal(rendered.stepCount, codeSteps.length);
    assert.equal(rendered.checkCount, checks.length);
    assert.equal(await page.locator('.rb-card').count(), codeSteps.length);
    assert.deepEqual(await page.locator('.rb-card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.stepId)), codeSteps.map((s) => s.id));
    assert.equal(await page.locator('input.rb-check[data-step-id]').count(), checks.length);
    // Front matter is not rendered as text; headings, code highlighting and badges are there.
    assert.equal(await page.getByText('secret: true').count(), 0);
    assert.equal(await page.locator('h1').first().textContent(), 'Hello, Runbook');
    assert.ok((await card(page, 'greet').locator('.rb-code .hljs-built_in, .rb-code .hljs-string').count()) > 0);
    assert.match((await card(page, 'kernel').locator('.rb-badges').textContent()) ?? '', /timeout 10 s.*expect \/Linux\//);
    assert.equal(await card(page, 'greet').locator('.rb-lang').textContent(), 'bash');
    assert.equal(await page.locator('.rb-progress-text').textContent(), `0 / ${codeSteps.length} steps · 1 / 4 checks`);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  test('raw HTML in the runbook is sanitised (a relative image becomes its placeholder); output is shown as text, never as markup', async () => {
    const text = '# T\n\n<img src=x alt="pic" onerror="window.__pwned=1">\n\n[bad](javascript:window.__pwned=2)\n\n```bash {#x}\necho "<b>hi</b>"\n```\n';
    const page = await open('light', true, text);
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('.rb-content .rb-image-placeholder').textContent(), '[image: pic]');
    assert.equal(await page.locator('.rb-content [onerror]').count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    await send(page, { type: 'output', batches: [{ stepId: 'x', stream: 'stdout', text: '<script>window.__pwned=3</script><b>bold?</b>\n' }] });
    await page.locator('.rb-output-text').getByText('<b>bold?</b>', { exact: false }).waitFor();
    assert.equal(await page.locator('.rb-output-text b, .rb-output-text script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.close();
  });
});

describe('layout', () => {
  test('a long title wraps beside its status icon in a narrow panel, not onto a line of its own', async () => {
    const text = '# T\n\nFollow the service log until the service reports that its warm-up is complete:\n\n```bash {#warm-up timeout=2m}\ntail -f log\n```\n';
    const page = await open('light', true, text);
    await page.setViewportSize({ width: 520, height: 700 });
    const box = async (selector: string) => (await card(page, 'warm-up').locator(selector).boundingBox())!;
    const [icon, title] = [await box('.rb-status'), await box('.rb-title')];
    // On one line: the title starts right of the icon and their vertical extents overlap.
    assert.ok(title.x > icon.x + icon.width - 1, `title at x=${title.x}, icon ends at ${icon.x + icon.width}`);
    assert.ok(title.y < icon.y + icon.height && icon.y < title.y + title.height, `icon y=${icon.y}, title y=${title.y}`);
    await page.screenshot({ path: path.join(root, 'test/e2e/artifacts/webview-long-title.png') });
    await page.close();
  });
});

describe('running a step', () => {
  test('Run posts runStep; status, ANSI output, exit code and duration show on the card', async () => {
    const page = await open();
    await card(page, 'greet').getByRole('button', { name: 'Run', exact: true }).click();
    await waitForPosted(page, 'runStep', { stepId: 'greet' });
    await send(page, { type: 'run', run: { running: true, stepId: 'greet' } });
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', status: 'running', startedAt: new Date().toISOString() }] });
    await assertAttr(page, card(page, 'greet'), 'data-status', 'running');
    assert.ok(await card(page, 'greet').getByRole('button', { name: 'Cancel' }).isVisible());
    assert.ok(await card(page, 'kernel').getByRole('button', { name: 'Run', exact: true }).isDisabled(), 'other steps wait while one runs');
    // Colour state carries over a chunk boundary, and a split escape sequence is held back.
    await send(page, { type: 'output', batches: [{ stepId: 'greet', stream: 'stdout', text: 'plain \x1b[31mred ' }] });
    // An unfinished line (a prompt, a progress line) shows at once, already coloured.
    await card(page, 'greet').locator('.rb-output-tail .ansi-red-fg').getByText('red').waitFor();
    await send(page, { type: 'output', batches: [{ stepId: 'greet', stream: 'stdout', text: 'still red\x1b[0m done\x1b[3' }] });
    await send(page, { type: 'output', batches: [{ stepId: 'greet', stream: 'stdout', text: '2mgreen\x1b[0m\n' }] });
    const output = card(page, 'greet').locator('.rb-output-text');
    await output.getByText('green').waitFor();
    assert.equal(await output.textContent(), 'plain red still red donegreen\n');
    assert.deepEqual(await output.locator('span.ansi-red-fg').allTextContents(), ['red still red']);
    assert.deepEqual(await output.locator('span.ansi-green-fg').allTextContents(), ['green']);
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', status: 'passed', exitCode: 0, durationMs: 1234 }] });
    await send(page, { type: 'run', run: { running: false } });
    await assertAttr(page, card(page, 'greet'), 'data-status', 'passed');
    assert.equal(await card(page, 'greet').locator('.rb-exit').textContent(), 'exit 0');
    assert.equal(await card(page, 'greet').locator('.rb-duration').textContent(), '1.2 s');
    assert.equal(await card(page, 'greet').locator('.rb-status').getAttribute('aria-label'), 'passed');
    assert.ok(await card(page, 'greet').getByRole('button', { name: 'Re-run' }).isVisible());
    assert.match((await page.locator('.rb-progress-text').textContent()) ?? '', /^1 \/ 14 steps/);
    await send(page, { type: 'steps', steps: [{ stepId: 'kernel', status: 'failed', exitCode: 2, durationMs: 10, reason: 'exit code 2 is not in expect-exit (0)' }] });
    assert.match((await page.locator('.rb-progress-text').textContent()) ?? '', /^2 \/ 14 steps, 1 failed/);
    assert.equal(await card(page, 'kernel').locator('.rb-reason').textContent(), 'exit code 2 is not in expect-exit (0)');
    await page.close();
  });

  test('Cancel, Skip, Run from here, Run all, Stop and Copy post their messages', async () => {
    const page = await open();
    await card(page, 'kernel').getByRole('button', { name: 'Skip' }).click();
    await waitForPosted(page, 'skipStep', { stepId: 'kernel' });
    await card(page, 'kernel').getByRole('button', { name: 'Run from here' }).click();
    await waitForPosted(page, 'runFrom', { stepId: 'kernel' });
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await waitForPosted(page, 'runAll');
    await send(page, { type: 'run', run: { running: true, stepId: 'kernel' } });
    await send(page, { type: 'steps', steps: [{ stepId: 'kernel', status: 'running' }] });
    await card(page, 'kernel').getByRole('button', { name: 'Cancel' }).click();
    await waitForPosted(page, 'cancel', { stepId: 'kernel' });
    await page.getByRole('button', { name: 'Stop the run' }).click();
    await waitForPosted(page, 'cancel', {});
    await send(page, { type: 'output', batches: [{ stepId: 'kernel', stream: 'stdout', text: 'Linux\n' }] });
    await card(page, 'kernel').getByRole('button', { name: 'Copy output' }).click();
    await waitForPosted(page, 'copyOutput', { stepId: 'kernel' });
    await page.close();
  });

  test('long output is collapsed with its size; the DOM stays bounded under a flood and Cancel still works', async () => {
    const page = await open();
    await send(page, { type: 'run', run: { running: true, stepId: 'greet' } });
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', status: 'running' }] });
    const line = 'x'.repeat(99) + '\n';
    await page.evaluate((chunk) => {
      for (let i = 0; i < 200; i++) window.postMessage({ type: 'output', batches: [{ stepId: 'greet', stream: 'stdout', text: chunk }] }, '*');
    }, line.repeat(640)); // 200 × 64 KB = 12.5 MB
    await page.locator('.rb-card[data-step-id="greet"] .rb-output-size').getByText(`${formatBytes(line.length * 640 * 200)} · 128000 lines`).waitFor();
    const box = card(page, 'greet').locator('.rb-output');
    assert.ok(await box.evaluate((el) => el.classList.contains('rb-collapsed')));
    assert.ok(((await box.locator('.rb-output-text').textContent()) ?? '').length <= 400_000 + 64_000);
    assert.match((await box.locator('.rb-output-dropped').textContent()) ?? '', /earlier output not shown/);
    const before = (await posted(page)).length;
    await card(page, 'greet').getByRole('button', { name: 'Cancel' }).click();
    await waitForPosted(page, 'cancel', { stepId: 'greet' }, before);
    await box.getByRole('button', { name: /Show all output/ }).click();
    assert.ok(!(await box.evaluate((el) => el.classList.contains('rb-collapsed'))));
    await page.close();
  });
});

describe('notes, checks, variables, session', () => {
  test('a note is sent once after typing stops, and shows Saved when the host confirms', async () => {
    const page = await open();
    const note = card(page, 'greet').getByRole('textbox', { name: /Note for/ });
    await note.click();
    await note.pressSequentially('checked with the on-call admin', { delay: 5 });
    const message = await waitForPosted(page, 'setNote', { stepId: 'greet' });
    assert.equal(message.text, 'checked with the on-call admin');
    assert.equal((await posted(page)).filter((m) => m.type === 'setNote').length, 1, 'debounced into one save');
    assert.equal(await card(page, 'greet').locator('.rb-note-status').textContent(), 'Saving…');
    await send(page, { type: 'noteSaved', stepId: 'greet', text: 'checked with the on-call admin' });
    await card(page, 'greet').locator('.rb-note-status').getByText('Saved').waitFor();
    await page.close();
  });

  test('a note revision is sent after a 2 s pause, not while typing; hiding or closing the panel sends a pending one at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.clock.install(); // the page's timers run only when the test advances them
    await page.goto(site.url('light'));
    await page.clock.runFor(100);
    await send(page, documentMessage(helloText));
    await page.clock.runFor(100);
    const notes = async () => (await posted(page)).filter((m) => m.type === 'setNote').map((m) => (m as { text: string }).text);
    const note = card(page, 'greet').getByRole('textbox', { name: /Note for/ });
    await note.click();
    await note.pressSequentially('checked with', { delay: 0 });
    await page.clock.runFor(1900);
    assert.deepEqual(await notes(), [], 'still typing: nothing sent');
    await note.pressSequentially(' on-call', { delay: 0 });
    await page.clock.runFor(1900);
    assert.deepEqual(await notes(), [], 'a keystroke restarts the 2 s');
    await page.clock.runFor(200);
    assert.deepEqual(await notes(), ['checked with on-call'], 'one revision after the pause');
    await note.pressSequentially(' admin', { delay: 0 });
    // A string, not a function: the test runner's transform would add helpers the page lacks.
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden'; } });
      document.dispatchEvent(new Event('visibilitychange'));`);
    assert.deepEqual(await notes(), ['checked with on-call', 'checked with on-call admin'], 'hidden: sent at once');
    await note.pressSequentially('!', { delay: 0 });
    await page.evaluate(`window.dispatchEvent(new Event('pagehide'))`);
    assert.deepEqual((await notes()).at(-1), 'checked with on-call admin!', 'closed: sent at once');
    await page.close();
  });

  test('ticking a check posts setCheck and updates the progress; the session state wins over the source', async () => {
    const page = await open();
    const boxes = page.locator('input.rb-check[data-step-id]');
    await boxes.first().check();
    await waitForPosted(page, 'setCheck', { stepId: 'manual-checks-check-1', checked: true });
    assert.equal(await boxes.first().getAttribute('data-recorded'), null, 'not recorded until the host confirms');
    await send(page, { type: 'steps', steps: [{ stepId: 'manual-checks-check-1', checked: true }] });
    assert.equal(await boxes.first().getAttribute('data-recorded'), 'true');
    assert.match((await page.locator('.rb-progress-text').textContent()) ?? '', /2 \/ 4 checks/);
    await send(page, { type: 'steps', steps: [{ stepId: 'manual-checks-check-4', checked: false }] });
    assert.equal(await boxes.nth(3).isChecked(), false);
    await page.close();
  });

  test('the variables form asks for missing values, with secrets in password inputs', async () => {
    const page = await open();
    await send(page, { type: 'requestVariables', requestId: 7, missing: ['API_TOKEN'] });
    const form = page.getByRole('form', { name: 'Runbook variables' });
    await form.waitFor();
    assert.equal(await form.locator('#rb-var-API_TOKEN').getAttribute('type'), 'password');
    assert.ok(await form.locator('#rb-var-API_TOKEN').evaluate((el) => el === document.activeElement));
    assert.equal(await form.locator('select#rb-var-COLOUR option').count(), 4);
    await form.locator('#rb-var-API_TOKEN').fill('s3cret');
    await form.locator('#rb-var-COLOUR').selectOption('blue');
    await form.getByRole('button', { name: 'Use these values' }).click();
    const submitted = await waitForPosted(page, 'submitVariables', { requestId: 7 });
    assert.deepEqual(submitted.values, { API_TOKEN: 's3cret', COLOUR: 'blue' });
    assert.ok(await form.isHidden());
    assert.ok(!JSON.stringify(await page.evaluate(() => (window as unknown as { __state: unknown }).__state)).includes('s3cret'), 'secrets never persisted');
    await page.close();
  });

  test('sessions: picker, Export Evidence, and a finished session opens read-only', async () => {
    const page = await open();
    assert.ok(await page.getByRole('button', { name: 'Export Evidence' }).isDisabled());
    const finished = { id: '2026-11-28T10-00-00Z-a', title: 'Hello, Runbook', startedAt: '2026-11-28T10:00:00Z', status: 'passed' as const };
    const current = { id: '2026-11-29T09-00-00Z-b', title: 'Hello, Runbook', startedAt: '2026-11-29T09:00:00Z', status: 'running' as const };
    await send(page, { type: 'session', session: { current: { ...current, readOnly: false }, sessions: [current, finished] } });
    await page.getByRole('button', { name: 'Export Evidence' }).click();
    await waitForPosted(page, 'exportEvidence');
    await page.getByRole('combobox', { name: 'Session' }).selectOption(finished.id);
    await waitForPosted(page, 'openSession', { sessionId: finished.id });
    await send(page, { type: 'session', session: { current: { ...finished, readOnly: true }, sessions: [current, finished] } });
    await page.locator('.rb-banner-readonly').waitFor();
    assert.ok(await card(page, 'greet').getByRole('button', { name: 'Run', exact: true }).isDisabled());
    assert.ok(await card(page, 'greet').getByRole('textbox', { name: /Note for/ }).evaluate((el) => (el as HTMLTextAreaElement).readOnly));
    await page.getByRole('button', { name: 'Start a new session' }).click();
    await waitForPosted(page, 'newSession');
    await page.close();
  });
});

describe('trust, editing, keyboard, links', () => {
  test('untrusted: read-only with an explanation and a trust link; granting trust enables Run', async () => {
    const page = await open('light', false);
    const run = card(page, 'greet').getByRole('button', { name: 'Run', exact: true });
    assert.ok(await run.isDisabled());
    assert.match((await run.getAttribute('title')) ?? '', /not trusted/);
    assert.ok(await page.getByRole('button', { name: 'Run all steps' }).isDisabled());
    assert.ok(await page.locator('input.rb-check[data-step-id]').first().isDisabled());
    await run.click({ force: true });
    await card(page, 'greet').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Manage Workspace Trust' }).click();
    await waitForPosted(page, 'manageTrust');
    assert.equal((await posted(page)).filter((m) => m.type === 'runStep' || m.type === 'runAll').length, 0);
    await send(page, { type: 'trust', trusted: true });
    assert.ok(await run.isEnabled());
    assert.ok(await page.locator('.rb-banner').isHidden());
    await page.close();
  });

  test('editing the Markdown keeps notes, output and scroll position, and marks changed steps stale', async () => {
    const page = await open();
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', status: 'running' }] });
    await send(page, { type: 'output', batches: [{ stepId: 'greet', stream: 'stdout', text: 'Hello, world!\n' }] });
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', status: 'passed', exitCode: 0, durationMs: 5 }] });
    await send(page, { type: 'steps', steps: [{ stepId: 'kernel', status: 'running' }, { stepId: 'kernel', status: 'passed', exitCode: 0 }] });
    const note = card(page, 'kernel').getByRole('textbox', { name: /Note for/ });
    await note.fill('kernel looks fine');
    await card(page, 'python-step').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 0));
    const topBefore = await card(page, 'python-step').evaluate((el) => Math.round(el.getBoundingClientRect().top));
    const edited = helloText.replace('echo "$GREETING, $AUDIENCE!"', 'echo "$GREETING, dear $AUDIENCE!"').replace('# Hello, Runbook\n', '# Hello, Runbook\n\nAn added paragraph\nof two lines.\n');
    await send(page, documentMessage(edited));
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'rendered').length === 2);
    assert.equal(await card(page, 'greet').locator('.rb-output-text').textContent(), 'Hello, world!\n');
    assert.ok(await card(page, 'greet').locator('.rb-stale').isHidden(), 'the webview does not guess: the host decides what is stale');
    // What the host sends with the edit (src/core/run/codeHash.ts decides), in either order with the document.
    await send(page, { type: 'steps', steps: [{ stepId: 'greet', stale: true }, { stepId: 'kernel', stale: false }] });
    assert.ok(await card(page, 'greet').locator('.rb-stale').isVisible(), 'greet changed after it ran');
    assert.equal(await card(page, 'greet').locator('.rb-status').getAttribute('aria-label'), 'stale');
    assert.ok(await card(page, 'kernel').locator('.rb-stale').isHidden(), 'kernel did not change');
    assert.equal(await note.inputValue(), 'kernel looks fine');
    const topAfter = await card(page, 'python-step').evaluate((el) => Math.round(el.getBoundingClientRect().top));
    assert.ok(Math.abs(topAfter - topBefore) <= 2, `scroll kept (${topBefore} → ${topAfter})`);
    await page.close();
  });

  test('keyboard: arrows move between steps, Enter runs the focused one; the id reveals the fence', async () => {
    const page = await open();
    await card(page, 'greet').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.stepId), 'show-state');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await waitForPosted(page, 'runStep', { stepId: 'export-state' });
    assert.match((await card(page, 'export-state').getAttribute('aria-label')) ?? '', /^Step .+, pending$/);
    await card(page, 'kernel').getByRole('button', { name: /Reveal step kernel/ }).click();
    await waitForPosted(page, 'revealLine', { line: hello.steps.find((s) => s.id === 'kernel')!.line });
    await page.close();
  });

  test('links open through the host; in-page anchors scroll', async () => {
    const text = '# T\n\n## Far section\n\nSee [docs](https://example.com/docs) and [below](#far-section).\n';
    const page = await open('light', true, text);
    await page.getByRole('link', { name: 'docs' }).click();
    await waitForPosted(page, 'openLink', { href: 'https://example.com/docs' });
    await page.getByRole('link', { name: 'below' }).click();
    assert.equal((await posted(page)).filter((m) => m.type === 'openLink').length, 1);
    await page.close();
  });
});

describe('themes', () => {
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    test(`${theme} theme: statuses, reasons and ANSI colours render (screenshot in test/e2e/artifacts/)`, async () => {
      const page = await open(theme);
      await send(page, { type: 'session', session: { current: { id: 's1', title: 'Hello, Runbook', startedAt: '2026-11-29T09:00:00Z', status: 'running', readOnly: false }, sessions: [] } });
      await send(page, { type: 'steps', steps: [
        { stepId: 'greet', status: 'passed', exitCode: 0, durationMs: 412, note: 'Greeting confirmed with the team.' },
        { stepId: 'export-state', status: 'passed', exitCode: 0, durationMs: 35 },
        { stepId: 'show-state', status: 'failed', exitCode: 1, durationMs: 20, reason: 'exit code 1 is not in expect-exit (0)' },
        { stepId: 'manual-checks-check-1', checked: true },
      ] });
      await send(page, { type: 'output', batches: [
        { stepId: 'greet', stream: 'stdout', text: '\x1b[1;32mHello\x1b[0m, world!\n' },
        { stepId: 'show-state', stream: 'stderr', text: 'started at 2026-11-29T09:00:01Z in /tmp\n\x1b[31merror:\x1b[0m state file missing\n' },
      ] });
      await page.evaluate(() => document.fonts.ready);
      await card(page, 'show-state').getByText('exit code 1 is not in expect-exit (0)').waitFor();
      assert.equal(await card(page, 'show-state').getAttribute('data-status'), 'failed');
      assert.equal(await card(page, 'greet').getAttribute('data-status'), 'passed');
      const hello = card(page, 'greet').locator('.rb-output-text .ansi-green-fg', { hasText: 'Hello' });
      await hello.waitFor();
      const colour = await hello.evaluate((el) => getComputedStyle(el).color);
      const plain = await card(page, 'greet').locator('.rb-output-text').evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(colour, plain, 'the ANSI-green "Hello" has its own colour');
      const dir = path.join(root, 'test/e2e/artifacts');
      mkdirSync(dir, { recursive: true });
      await page.locator('.rb-content h2').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `notebook-webview-${theme}.png`) });
      await page.close();
    });
  }
});

async function assertAttr(page: Page, locator: ReturnType<Page['locator']>, name: string, value: string): Promise<void> {
  await page.waitForFunction(({ el, name, value }) => el?.getAttribute(name) === value, { el: await locator.elementHandle(), name, value }, { timeout: 5000, polling: 20 });
}
