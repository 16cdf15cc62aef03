// A secret with no value in the real VS Code (code-server), as a person meets it: press Run all,
// the Variables form opens with the secret marked and the run waits (no step starts, nothing is
// recorded); type the secret, submit: the step runs with it, and the value is nowhere in the
// session folder. Screenshot: test/e2e/artifacts/variables-form-waiting.png.
// Run: npm run test:e2e -- variables   (after node scripts/build.mjs)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { findWebviewFrame, quickOpen, runFromPalette, startWorkbench, type Workbench } from '../harness/workbench';

const SECRET = 'typed-in-the-form-7Qx';
const RUNBOOK = `---
variables:
  API_KEY: { secret: true, description: Monitoring API token }
---
# Rotate the token

\`\`\`bash {#call}
[ "$API_KEY" = "${SECRET}" ] && echo "the step got the key"
\`\`\`
`;

let workbench: Workbench;
let page: Page;

before(async () => {
  workbench = await startWorkbench({ extension: 'development' });
  fs.writeFileSync(path.join(workbench.folder, 'rotate.md'), RUNBOOK);
  page = await workbench.openPage({ width: 1400, height: 900 });
});
after(async () => workbench?.stop());

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // Regular files only: the live run host's socket (host.sock) holds no data.
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

test('Run all on a secret with no value: the form opens and the run waits; after submitting, the step runs with the value, which no session file holds', async () => {
  await quickOpen(page, 'rotate.md');
  await page.locator('.tab.active', { hasText: 'rotate.md' }).waitFor();
  await runFromPalette(page, 'Runbook: Open Runbook to the Side', 'Open Runbook to the Side');
  const frame = await findWebviewFrame(page, '.rb-card[data-step-id="call"]');
  await frame.getByRole('button', { name: 'Run all' }).click();

  const field = frame.locator('form.rb-variables input[name="API_KEY"]');
  await field.waitFor();
  assert.equal(await field.getAttribute('type'), 'password');
  assert.match((await frame.locator('.rb-variables-message').textContent()) ?? '', /The run waits for: API_KEY/);
  assert.equal(await frame.locator('.rb-card[data-step-id="call"]').getAttribute('data-status'), 'pending', 'the step has not started');
  const sessions = path.join(workbench.folder, '.runbook', 'sessions');
  assert.deepEqual(filesUnder(sessions), [], 'nothing recorded while the run waits');
  fs.mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true });
  await page.screenshot({ path: path.join(__dirname, 'artifacts', 'variables-form-waiting.png') });

  await field.fill(SECRET);
  await frame.getByRole('button', { name: 'Use these values' }).click();
  await frame.locator('.rb-card[data-step-id="call"][data-status="passed"]').waitFor({ timeout: 30_000 });
  assert.match((await frame.locator('.rb-card[data-step-id="call"] .rb-output-text').textContent()) ?? '', /the step got the key/);

  const files = filesUnder(sessions);
  assert.ok(files.some((f) => f.endsWith('.jsonl')), `a session was recorded: ${files.join(', ')}`);
  assert.ok(files.some((f) => f.endsWith('runhost.log')), 'the run host logged too (and is checked for the secret)');
  for (const file of files) assert.ok(!fs.readFileSync(file).includes(SECRET), `the secret is in ${file}`);
});
