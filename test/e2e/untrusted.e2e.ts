// Restricted Mode, as a person meets it: a workbench whose folder is really untrusted (Workspace
// Trust enabled, the folder never trusted), a runbook whose steps would leave traces, and every
// run affordance a person has: the card buttons, Enter on a focused card, the toolbar, the
// CodeLens above the fence and the command palette. Nothing may run: no marker file, no process
// with the step's unique command line in /proc, no session folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../harness/codeServer';
import { findWebviewFrame, quickOpen, startWorkbench, type Workbench } from '../harness/workbench';
import { liveProcesses } from '../harness/processes';

// A sleep duration no other process on the machine uses, so /proc can be searched for it.
const SLEEP = `${7000 + (process.pid % 1000)}.${Date.now() % 10_000}`;

let workbench: Workbench;
let page: Page;
let frame: Frame;
let marker: string;

before(async () => {
  workbench = await startWorkbench({ trusted: false, extension: process.env.RUNBOOK_VSIX ? { vsix: path.resolve(process.env.RUNBOOK_VSIX) } : 'development' });
  marker = path.join(workbench.folder, '..', 'untrusted-step-ran');
  fs.writeFileSync(path.join(workbench.folder, 'no-run.md'), [
    '# Must not run', '',
    'Leaves a marker and a long sleep behind if it ever runs.', '',
    '```bash {#touch}', `touch "${marker}"`, `sleep ${SLEEP}`, '```', '',
    'The Python variant.', '',
    '```python {#py}', `open(${JSON.stringify(marker)}, "w").write("py")`, '```', '',
    '- [ ] a manual check', '',
  ].join('\n'));
  page = await workbench.openPage({ width: 1500, height: 900 });
});
after(async () => workbench?.stop());

function sessionsWritten(): string[] {
  const dir = path.join(workbench.folder, '.runbook');
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String) : [];
}

function assertNothingRan(after: string): void {
  assert.equal(fs.existsSync(marker), false, `a step ran (marker file) after ${after}`);
  assert.deepEqual(liveProcesses().map((p) => p.cmdline).filter((c) => c.includes(`sleep ${SLEEP}`)), [], `a step process is alive after ${after}`);
  assert.deepEqual(sessionsWritten(), [], `a session was written after ${after}`);
}

/** The rows the palette shows for a query, once it has answered (a row, or "No matching commands"). */
async function paletteRows(query: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${query}`);
  const answered = page.locator('.quick-input-list .monaco-list-row, .quick-input-widget :text("No matching commands")').first();
  await answered.waitFor();
  const rows = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
  await page.keyboard.press('Escape');
  return rows;
}

test('the folder is in Restricted Mode and the runbook opens read-only', async () => {
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
  await quickOpen(page, 'no-run.md');
  await page.locator('.tab.active', { hasText: 'no-run.md' }).waitFor();
  // The editor-title button is there on every Markdown file, trusted or not.
  await page.locator('.editor-actions .action-label[aria-label="Open Runbook to the Side"]').first().click();
  frame = await findWebviewFrame(page, '.rb-card[data-step-id="touch"]');
  await frame.locator('.rb-banner-untrusted').waitFor();
  await page.locator('.statusbar-item', { hasText: 'Runbook: read-only' }).first().waitFor();
  fs.mkdirSync(path.join(ROOT, 'test', 'e2e', 'artifacts'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'test', 'e2e', 'artifacts', 'untrusted-panel.png') });
});

test('card buttons, the toolbar and the keyboard run nothing', async () => {
  const runButtons = frame.locator('.rb-card button.rb-button:visible, .rb-toolbar button:visible').filter({ hasText: /^(Run|Re-run|Run from here|Run all|Skip)$/ });
  const count = await runButtons.count();
  assert.ok(count >= 4, `the read-only panel still shows its run buttons (found ${count})`);
  for (let i = 0; i < count; i++) {
    const button = runButtons.nth(i);
    assert.equal(await button.isDisabled(), true, `"${await button.textContent()}" is enabled in Restricted Mode`);
    await button.click({ force: true });
  }
  // Enter on a focused card runs it when the workspace is trusted.
  await frame.locator('.rb-card[data-step-id="touch"]').focus();
  await page.keyboard.press('Enter');
  await frame.locator('.rb-card[data-step-id="py"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await frame.locator('.rb-card[data-status="running"], .rb-card[data-status="passed"]').count(), 0);
  assertNothingRan('the card buttons and Enter');
});

test('the command palette offers no run command', async () => {
  await page.locator('.tab', { hasText: 'no-run.md' }).first().click();
  // Positive control: a command that is offered in Restricted Mode is found by the same query.
  assert.ok((await paletteRows('Runbook: Open Runbook to the Side')).some((r) => r.includes('Open Runbook to the Side')));
  for (const command of ['Runbook: Run All Steps', 'Runbook: Run Step', 'Runbook: Run From Step', 'Runbook: Skip Step', 'Runbook: Finish Session', 'Runbook: Add Note to Step', 'Runbook: Tick Manual Check']) {
    const rows = await paletteRows(command);
    assert.deepEqual(rows.filter((r) => r.includes(command.slice('Runbook: '.length))), [], `the palette offers ${command}`);
  }
  assertNothingRan('the command palette');
});

test('no CodeLens offers to run a step', async () => {
  await page.locator('.tab', { hasText: 'no-run.md' }).first().click();
  await page.locator('.monaco-editor .view-line', { hasText: '# Must not run' }).first().waitFor();
  // test/vscode-untrusted asks the provider itself (deterministic); this is what a person sees.
  assert.equal(await page.locator('.monaco-editor .codelens-decoration', { hasText: /Run step|Run from here/ }).count(), 0, 'a Run CodeLens in Restricted Mode');
  await page.screenshot({ path: path.join(ROOT, 'test', 'e2e', 'artifacts', 'untrusted-editor.png') });
  assertNothingRan('the editor');
});
