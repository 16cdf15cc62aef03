// End to end, as a person does it: in a real VS Code (code-server) open hello.md, run
// "Runbook: Open Runbook to the Side" from the command palette, and see the step cards.
// Leaves a screenshot in test/e2e/artifacts/panel.png (docs/images/panel.png is a copy of it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseRunbook } from '../../src/core/format/parse';
import { ROOT } from '../harness/codeServer';
import { findWebviewFrame, quickOpen, runFromPalette, startWorkbench, type Workbench } from '../harness/workbench';

let workbench: Workbench;
let page: Page;

before(async () => {
  // RUNBOOK_VSIX=runbook.vsix tests the packaged extension instead of the development build.
  workbench = await startWorkbench({ extension: process.env.RUNBOOK_VSIX ? { vsix: path.resolve(process.env.RUNBOOK_VSIX) } : 'development' });
  page = await workbench.openPage();
});
after(async () => workbench?.stop());

test('the command palette opens hello.md as a runbook beside the Markdown', async () => {
  await quickOpen(page, 'hello.md');
  await page.locator('.tab.active', { hasText: 'hello.md' }).waitFor();
  await runFromPalette(page, 'Runbook: Open Runbook to the Side', 'Open Runbook to the Side');

  const frame = await findWebviewFrame(page, '.rb-card');
  const expected = parseRunbook(fs.readFileSync(path.join(ROOT, 'runbooks', 'hello.md'), 'utf8')).steps.filter((s) => s.kind === 'code').length;
  await frame.locator('.rb-card').nth(expected - 1).waitFor();
  assert.equal(await page.locator('.tab', { hasText: 'Runbook: hello.md' }).count(), 1, 'one Runbook tab');
  assert.ok(await frame.locator('.rb-card').count() >= expected, 'a card per step');

  const shot = path.join(ROOT, 'test', 'e2e', 'artifacts', 'panel.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
});

test('the panel comes back after the window reloads (WebviewPanelSerializer)', async () => {
  await page.locator('.tab', { hasText: 'Runbook: hello.md' }).waitFor();
  const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await runFromPalette(page, 'Developer: Reload Window', 'Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: 'Runbook: hello.md' }).waitFor({ timeout: 30_000 });
  const frame = await findWebviewFrame(page, '.rb-card');
  assert.ok(await frame.locator('.rb-card').count() > 0, 'the restored panel renders its cards again');
  assert.equal(await page.locator('.tab', { hasText: 'Runbook: hello.md' }).count(), 1);
});
