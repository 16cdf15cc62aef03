// What a person does in the workbench, for the journey test: the Explorer, the editor title
// button, the command palette, modal dialogs, find/replace in the editor, the gutter icons,
// and screenshots of each stage (test/e2e/artifacts/journey-*.png).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../../harness/codeServer';
import { runFromPalette } from '../../harness/workbench';

export const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');

let shots = 0;
/** Removes the screenshots of an earlier run, so every file in artifacts/ is from this one. */
export function clearShots(): void {
  if (!fs.existsSync(ARTIFACTS)) return;
  for (const f of fs.readdirSync(ARTIFACTS)) if (/^journey-(\d+-.*\.png|logs)$/.test(f)) fs.rmSync(path.join(ARTIFACTS, f), { recursive: true });
}

/** Screenshot of the whole window to test/e2e/artifacts/journey-NN-<name>.png; returns the path. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `journey-${String(++shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Clicks a file in the Explorer and waits for its editor tab. */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** The notebook icon in the editor title bar of a Markdown file. */
export async function clickOpenToSide(page: Page): Promise<void> {
  await page.locator('.editor-actions .action-label[aria-label="Open Runbook to the Side"]').first().click();
}

/** Closes every editor tab with its close button, as a person tidying up. */
export async function closeAllTabs(page: Page): Promise<void> {
  for (let n = await page.locator('.tab').count(); n > 0; n = await page.locator('.tab').count()) {
    const tab = page.locator('.tab').first();
    await tab.hover();
    await tab.locator('.action-label.codicon-close').click();
    await page.waitForFunction((before) => document.querySelectorAll('.tab').length < before, n);
  }
}

export function palette(page: Page, command: string, rowText: string | RegExp = command): Promise<void> {
  return runFromPalette(page, command, rowText);
}

/** Waits for a modal dialog whose text matches, clicks one of its buttons, waits until it is gone; returns its text. */
export async function answerDialog(page: Page, text: RegExp, button: string, beforeAnswer?: () => Promise<void>): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ timeout: 30_000 });
  const shown = (await dialog.textContent()) ?? '';
  if (beforeAnswer) await beforeAnswer();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return shown;
}

/** Find and replace in the active editor (Ctrl+H, replace all) and save (Ctrl+S). */
export async function replaceInEditor(page: Page, file: string, find: string, replace: string): Promise<void> {
  await page.locator(`.tab[data-resource-name="${file}"]`).click();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+H');
  const findInput = page.locator('.editor-group-container.active .find-widget.visible .find-part textarea, .editor-group-container.active .find-widget.visible .find-part input').first();
  await findInput.fill(find);
  const replaceInput = page.locator('.editor-group-container.active .find-widget.visible .replace-part textarea, .editor-group-container.active .find-widget.visible .replace-part input').first();
  await replaceInput.fill(replace);
  // The match count may be hidden in a narrow editor; its text is still there.
  await page.locator('.editor-group-container.active .find-widget.visible .matchesCount', { hasText: /^1 of 1$/ }).waitFor({ state: 'attached' });
  await replaceInput.press('Control+Alt+Enter');
  await page.locator('.editor-group-container.active .find-widget.visible .matchesCount', { hasText: /No results/ }).waitFor({ state: 'attached' });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  await page.locator(`.tab.active:not(.dirty)[data-resource-name="${file}"]`).waitFor();
}

/** The status icons now drawn in the visible editors' gutters (file names such as failed-light.svg). */
export async function gutterIcons(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('.monaco-editor .cgmr')]
    .map((el) => decodeURIComponent(getComputedStyle(el).backgroundImage).match(/\/([a-z-]+-(?:light|dark)\.svg)/)?.[1] ?? '')
    .filter(Boolean));
}

/** Waits until a gutter icon of that status is drawn in a visible editor. */
export async function waitForGutter(page: Page, status: string, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction((s) => [...document.querySelectorAll('.monaco-editor .cgmr')]
    .some((el) => new RegExp(`/${s}-(light|dark)\\.svg`).test(decodeURIComponent(getComputedStyle(el).backgroundImage))), status, { timeout: timeoutMs });
}

/** A step card of the notebook. */
export const card = (frame: Frame, id: string) => frame.locator(`.rb-card[data-step-id="${id}"]`);

export async function waitForStatus(frame: Frame, id: string, status: string, timeoutMs = 30_000): Promise<void> {
  await frame.locator(`.rb-card[data-step-id="${id}"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}

/** Types a note for a step and waits until the session has saved it. */
export async function writeNote(frame: Frame, id: string, text: string): Promise<void> {
  const note = card(frame, id).getByRole('textbox', { name: /Note for/ });
  await note.click();
  await note.fill(text);
  await note.blur();
  await card(frame, id).locator('.rb-note-status', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });
}

/** Ticks a manual check and waits until the session has recorded it. */
export async function tick(frame: Frame, id: string): Promise<void> {
  const box = frame.locator(`input.rb-check[data-step-id="${id}"]`);
  await box.check();
  await frame.locator(`input.rb-check[data-step-id="${id}"][data-recorded="true"]`).waitFor({ timeout: 10_000 });
}

/** Fills the variables form's fields that are given, then submits it. */
export async function fillVariables(frame: Frame, values: Readonly<Record<string, string>>): Promise<void> {
  const form = frame.locator('form.rb-variables');
  await form.waitFor({ state: 'visible' });
  for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
  await form.getByRole('button', { name: 'Use these values' }).click();
  await form.waitFor({ state: 'hidden' });
}
