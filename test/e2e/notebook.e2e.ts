// The notebook end to end in a real VS Code (code-server), as a person uses it: open a runbook,
// click Run on a card and see the output, type a note, tick a check, export evidence, reload
// the window and find the panel restored with its session; the panel follows the colour theme
// (screenshots test/e2e/artifacts/notebook-{dark,light}.png; `npm run screenshots` publishes them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../harness/codeServer';
import { acceptSaveDialog, findWebviewFrame, pickQuickInputRow, quickOpen, runFromPalette, startWorkbench, type Workbench } from '../harness/workbench';

const RUNBOOK = `# Restart the web tier

Check the service answers before and after.

\`\`\`bash {#greet timeout=30s}
printf '\\033[32mservice ok\\033[0m on %s\\n' "$(hostname)"
\`\`\`

Collect the versions.

\`\`\`bash {#versions}
bash --version | head -n 1
\`\`\`

- [ ] The load balancer shows the node healthy
`;

let workbench: Workbench;
let page: Page;
let frame: Frame;

before(async () => {
  workbench = await startWorkbench({ extension: process.env.RUNBOOK_VSIX ? { vsix: path.resolve(process.env.RUNBOOK_VSIX) } : 'development' });
  fs.writeFileSync(path.join(workbench.folder, 'restart.md'), RUNBOOK);
  page = await workbench.openPage({ width: 1500, height: 900 });
});
after(async () => workbench?.stop());

function palette(command: string, rowText: string | RegExp = command): Promise<void> {
  return runFromPalette(page, command, rowText);
}

function sessionLog(): string {
  const sessions = path.join(workbench.folder, '.runbook', 'sessions');
  const dirs = fs.existsSync(sessions) ? fs.readdirSync(sessions) : [];
  assert.equal(dirs.length, 1, `one session in ${sessions}`);
  const dir = path.join(sessions, dirs[0]!);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
}

test('open the runbook beside the Markdown and click Run on a card: the output appears', async () => {
  await quickOpen(page, 'restart.md');
  await page.locator('.tab.active', { hasText: 'restart.md' }).waitFor();
  await palette('Runbook: Open Runbook to the Side', 'Open Runbook to the Side');
  frame = await findWebviewFrame(page, '.rb-card[data-step-id="greet"]');
  await frame.locator('.rb-card[data-step-id="greet"]').getByRole('button', { name: 'Run', exact: true }).click();
  await frame.locator('.rb-card[data-step-id="greet"][data-status="passed"]').waitFor({ timeout: 30_000 });
  const output = frame.locator('.rb-card[data-step-id="greet"] .rb-output-text');
  assert.match((await output.textContent()) ?? '', /^service ok on /);
  assert.equal(await output.locator('.ansi-green-fg').textContent(), 'service ok', 'ANSI colour rendered');
  assert.equal(await frame.locator('.rb-card[data-step-id="greet"] .rb-exit').textContent(), 'exit 0');
  // The editor's gutter shows the status too (the run was started from the webview).
  await page.locator('.monaco-editor .glyph-margin-widgets .cgmr, .monaco-editor .margin-view-overlays .cgmr').first().waitFor({ timeout: 10_000 });
});

test('type a note and tick a check: both land in the session log', async () => {
  const note = frame.locator('.rb-card[data-step-id="greet"]').getByRole('textbox', { name: /Note for/ });
  await note.click();
  await note.pressSequentially('checked by hand on the LB page', { delay: 10 });
  await frame.locator('.rb-card[data-step-id="greet"] .rb-note-status', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  await frame.locator('input.rb-check[data-step-id]').first().check();
  // The host confirms once the session has recorded (and fsynced) the tick.
  await frame.locator('input.rb-check[data-recorded="true"]').waitFor({ timeout: 10_000 });
  await frame.locator('.rb-progress-text', { hasText: '1 / 1 checks' }).waitFor();
  const log = sessionLog();
  assert.ok(log.includes('checked by hand on the LB page'), 'the note is in the session log');
  assert.match(log, /"checked":true/);
  assert.equal(fs.readFileSync(path.join(workbench.folder, 'restart.md'), 'utf8'), RUNBOOK, 'the Markdown file is untouched');
});

test('export evidence from the toolbar', async () => {
  await frame.getByRole('button', { name: 'Export Evidence' }).click();
  // The session is unfinished: the modal asks whether to finish it first; export it as it is.
  await page.locator('.monaco-dialog-box', { hasText: 'Finish the session first?' }).getByRole('button', { name: 'Export Unfinished' }).click();
  // The focus going back to the panel (as the dialog closes, or a click in it) does not close the
  // format pick: it once vanished as it opened, and the export never came.
  const formats = page.locator('.quick-input-widget', { hasText: 'Export evidence as' });
  await formats.waitFor({ state: 'visible' });
  await frame.locator('.rb-progress-text').click();
  await page.waitForFunction(() => document.activeElement?.tagName === 'IFRAME');
  assert.ok(await formats.isVisible(), 'the format pick stays open when the panel takes the focus');
  await pickQuickInputRow(page, 'HTML');
  await acceptSaveDialog(page, 'restart-evidence-');
  await page.locator('.notifications-toasts', { hasText: 'evidence written to' }).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    await page.screenshot({ path: path.join(__dirname, 'artifacts', 'notebook-export-failure.png') });
    throw error;
  });
  const exported = fs.readdirSync(workbench.folder).find((f) => f.startsWith('restart-evidence-') && f.endsWith('.html'));
  assert.ok(exported, 'an HTML evidence file was written next to the runbook');
  assert.ok(fs.readFileSync(path.join(workbench.folder, exported), 'utf8').includes('checked by hand on the LB page'));
});

test('after a window reload the panel comes back with its session', async () => {
  // Generous timeouts: a reload on a busy 2-core machine can take a while.
  const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 90_000 });
  await palette('Developer: Reload Window', 'Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  frame = await findWebviewFrame(page, '.rb-card[data-step-id="greet"][data-status="passed"]', 60_000);
  const note = frame.locator('.rb-card[data-step-id="greet"]').getByRole('textbox', { name: /Note for/ });
  await frame.locator('.rb-card[data-step-id="greet"] .rb-note-status', { hasText: 'Saved' }).waitFor({ timeout: 60_000 });
  assert.equal(await note.inputValue(), 'checked by hand on the LB page');
  assert.match((await frame.locator('.rb-card[data-step-id="greet"] .rb-output-text').textContent()) ?? '', /service ok/);
  assert.ok(await frame.locator('input.rb-check[data-step-id]').first().isChecked());
});

test('the panel follows the colour theme (dark and light)', async () => {
  await frame.locator('.rb-card[data-step-id="versions"]').getByRole('button', { name: 'Run', exact: true }).click();
  await frame.locator('.rb-card[data-step-id="versions"][data-status="passed"]').waitFor({ timeout: 30_000 });
  const dir = path.join(ROOT, 'test', 'e2e', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  // The CodeLens shows the last result once it has refreshed.
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'passed (exit 0' }).nth(1).waitFor({ timeout: 15_000 });
  await page.mouse.move(0, 0);
  for (const [theme, body, file] of [['Dark Modern', 'vscode-dark', 'notebook-dark.png'], ['Light Modern', 'vscode-light', 'notebook-light.png']] as const) {
    await palette('Preferences: Color Theme', /^Preferences: Color Theme/);
    await page.keyboard.type(theme);
    await pickQuickInputRow(page, theme);
    await frame.locator(`body.${body}`).waitFor();
    // The card really takes the theme's colours, not just the class.
    const background = await frame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    const luminance = ((r ?? 0) + (g ?? 0) + (b ?? 0)) / 3;
    assert.ok(body === 'vscode-dark' ? luminance < 100 : luminance > 155, `${theme}: panel background ${background}`);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(dir, file) });
  }
});
