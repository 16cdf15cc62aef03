import { launchBrowser } from '../../harness/browser';
import { findWebviewFrame } from '../../harness/workbench';
import { writeNote } from './ui';
(async () => {
  const url = process.argv[2]!;
  const b = await launchBrowser();
  const page = await b.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(url);
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60000 });
  const frame = await findWebviewFrame(page, '.rb-card[data-step-id="greet"]', 60000);
  await page.screenshot({ path: '/tmp/try/n0-reopened.png' });
  for (let i = 0; i < 8; i++) {
    const d = page.locator('.monaco-dialog-box');
    try { await d.waitFor({ timeout: 5000 }); } catch { break; }
    const t = (await d.textContent()) ?? '';
    console.log('DIALOG:', t.slice(0, 100));
    const btn = /Manual check/.test(t) ? 'Done' : 'Run';
    await d.getByRole('button', { name: btn, exact: true }).click();
    await page.waitForFunction((before) => { const x = document.querySelector('.monaco-dialog-box'); return !x || x.textContent !== before; }, t);
  }
  await frame.locator('.rb-card[data-step-id="clean-up"]:not([data-status="pending"]):not([data-status="running"])').waitFor({ timeout: 30000 });
  await writeNote(frame, 'greet', 'Said hello as a newcomer');
  const statuses = await frame.locator('.rb-card').evaluateAll((cs) => cs.map((c) => `${(c as HTMLElement).dataset.stepId}=${(c as HTMLElement).dataset.status}`));
  console.log(statuses.join(' '));
  await page.screenshot({ path: '/tmp/try/n2-done.png' });
  await frame.getByRole('button', { name: 'Export Evidence' }).click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'HTML' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.press('Enter');
  const toast = page.locator('.notifications-toasts', { hasText: 'evidence written to' });
  await toast.waitFor({ timeout: 15000 });
  console.log('TOAST:', await toast.textContent());
  await page.screenshot({ path: '/tmp/try/n3-export.png' });
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
