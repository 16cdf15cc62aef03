// A run outlives the window's extension host (issue 14), in the real VS Code (code-server, the
// Remote-SSH topology): Run all, and while the first step runs, kill -9 the extension host. The
// step's process keeps running in its run host; after the workbench restarts the extension host
// and the runbook is reopened, the card shows the step still running with its earlier output,
// then passed, and Run all goes on to the next step. Then a browser reload mid-step: the same.
// Screenshots: test/e2e/artifacts/runhost-*.png.
// Run: npm run test:e2e -- runhost   (after node scripts/build.mjs)
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { liveProcesses } from '../harness/processes';
import { waitForFences } from '../harness/stepFences';
import { findWebviewFrame, quickOpen, runFromPalette, startWorkbench, type Workbench } from '../harness/workbench';

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(__dirname, 'artifacts');

// Each long step waits for a file the test creates (an event, not a timer) and says so first.
const RUNBOOK = `# Patch the database

\`\`\`bash {#migrate}
echo "migration part 1 of 2"
while [ ! -e go-migrate ]; do sleep 0.05; done
echo "migration part 2 of 2"
\`\`\`

\`\`\`bash {#reindex}
echo "reindex started"
while [ ! -e go-reindex ]; do sleep 0.05; done
echo "reindex done"
\`\`\`

\`\`\`bash {#report}
echo "all done"
\`\`\`
`;

let workbench: Workbench;
let page: Page;

before(async () => {
  workbench = await startWorkbench({ extension: 'development' });
  fs.writeFileSync(path.join(workbench.folder, 'patch.md'), RUNBOOK);
  page = await workbench.openPage({ width: 1400, height: 900 });
});
after(async () => {
  // Whatever happened, let the steps end so that no run host outlives the test.
  for (const name of ['go-migrate', 'go-reindex']) fs.writeFileSync(path.join(workbench.folder, name), '');
  await workbench?.stop();
});

const card = (frame: Frame, id: string) => frame.locator(`.rb-card[data-step-id="${id}"]`);

async function openPanel(): Promise<Frame> {
  await quickOpen(page, 'patch.md');
  await page.locator('.tab.active', { hasText: 'patch.md' }).waitFor();
  await runFromPalette(page, 'Runbook: Open Runbook to the Side', 'Open Runbook to the Side');
  return findWebviewFrame(page, '.rb-card[data-step-id="migrate"]', 60_000);
}

/**
 * The bash running the step: carries the run's step mark, in the workspace folder (a live shell or
 * a spawn per step alike). Its `sleep 0.05` children come and go, and for a moment after their fork
 * each is a bash too: only the shell counts, not a child of another.
 */
function stepShells(): number[] {
  const shells = liveProcesses().filter((p) => p.cwd === workbench.folder && /\bbash\b/.test(p.cmdline) && readEnviron(p.pid).includes('RUNBOOK_RUN_SESSION='));
  const pids = new Set(shells.map((p) => p.pid));
  return shells.filter((p) => !pids.has(p.ppid)).map((p) => p.pid).sort((a, b) => a - b);
}

function readEnviron(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return '';
  }
}

function extensionHosts(): number[] {
  return liveProcesses().filter((p) => p.cmdline.includes('--type=extensionHost')).map((p) => p.pid);
}

async function shot(name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `runhost-${name}.png`) });
}

test('kill -9 of the extension host mid-step: the step runs on, and the reopened runbook shows it running with its output, then passed; Run all goes on', async () => {
  let frame = await openPanel();
  await frame.getByRole('button', { name: 'Run all' }).click();
  await card(frame, 'migrate').locator('.rb-output-text', { hasText: 'migration part 1 of 2' }).waitFor({ timeout: 30_000 });
  assert.equal(await card(frame, 'migrate').getAttribute('data-status'), 'running');
  const stepPids = stepShells();
  assert.ok(stepPids.length >= 1, 'the step runs');
  // The editor beside the panel says the same on the step's fence: CodeLens and gutter.
  await waitForFences(page, { migrate: 'running' });

  const hosts = extensionHosts();
  assert.ok(hosts.length >= 1, 'an extension host runs');
  for (const pid of hosts) process.kill(pid, 'SIGKILL');
  // code-server does not bring a killed remote extension host back by itself (the window just
  // stops answering): the person reloads the tab, which starts a new one.
  await page.reload();
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  assert.ok(await waitForNewExtensionHost(hosts), 'the reloaded window has a new extension host');
  assert.deepEqual(stepShells(), stepPids, 'the step process outlived the extension host');

  frame = await findWebviewFrame(page, '.rb-card[data-step-id="migrate"]', 20_000).catch(() => openPanel());
  await card(frame, 'migrate').locator('.rb-output-text', { hasText: 'migration part 1 of 2' }).waitFor({ timeout: 30_000 });
  assert.equal(await card(frame, 'migrate').getAttribute('data-status'), 'running', 'the reopened runbook shows the step still running');
  // The editor too: the reattached run's records reach the CodeLens as they reach the gutter.
  await waitForFences(page, { migrate: 'running' }).catch(async (error: unknown) => {
    await shot('reattached-lens');
    throw error;
  });
  await shot('reattached');

  // The person has the cursor in the editor when the step ends, and clicks into the notebook at
  // once: VS Code drops a CodeLens refresh it had scheduled when the editor loses focus, so the
  // lens must still come to say passed (the provider announces the change again until asked).
  await page.locator('.monaco-editor .view-line', { hasText: 'migration part 2 of 2' }).click();
  fs.writeFileSync(path.join(workbench.folder, 'go-migrate'), '');
  await frame.locator('.rb-card[data-step-id="migrate"][data-status="passed"]').waitFor({ timeout: 30_000 });
  await card(frame, 'migrate').locator('.rb-output-text').click();
  await waitForFences(page, { migrate: 'passed', reindex: 'running' }).catch(async (error: unknown) => {
    await shot('after-blur-lens');
    throw error;
  });
  assert.match((await card(frame, 'migrate').locator('.rb-output-text').textContent()) ?? '', /part 1 of 2[\s\S]*part 2 of 2/, 'the output before and after the kill');
  // Run all went on in the run host: the next step is running now.
  await card(frame, 'reindex').locator('.rb-output-text', { hasText: 'reindex started' }).waitFor({ timeout: 30_000 });

  // A browser reload mid-step (a dropped connection, a closed tab reopened): the same.
  await page.reload();
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  frame = await findWebviewFrame(page, '.rb-card[data-step-id="reindex"]', 20_000).catch(() => openPanel());
  await card(frame, 'reindex').locator('.rb-output-text', { hasText: 'reindex started' }).waitFor({ timeout: 30_000 });
  await frame.locator('.rb-card[data-step-id="reindex"][data-status="running"]').waitFor({ timeout: 30_000 });
  fs.writeFileSync(path.join(workbench.folder, 'go-reindex'), '');
  await frame.locator('.rb-card[data-step-id="report"][data-status="passed"]').waitFor({ timeout: 30_000 });
  assert.equal(await card(frame, 'reindex').getAttribute('data-status'), 'passed');
  // The run ended in the run host after the reload: each fence's CodeLens shows its result, as its gutter does.
  await waitForFences(page, { migrate: 'passed', reindex: 'passed', report: 'passed' }).catch(async (error: unknown) => {
    await shot('finished-lens');
    throw error;
  });
  await shot('finished');

  // The session records every step with its real end, and verifies as intact.
  const sessions = path.join(workbench.folder, '.runbook', 'sessions');
  const [dir] = fs.readdirSync(sessions).map((d) => path.join(sessions, d));
  assert.ok(dir, 'a session was recorded');
  const events = fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; stepId?: string; status?: string });
  const ends = events.filter((e) => e.type === 'step-end').map((e) => `${e.stepId}:${e.status}`);
  assert.deepEqual(ends, ['migrate:passed', 'reindex:passed', 'report:passed']);
  const verified = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'verify', dir], { encoding: 'utf8' });
  assert.match(verified, /intact|verified|OK/i);
});

/** Resolves true once an extension host other than `old` runs. */
async function waitForNewExtensionHost(old: readonly number[]): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    if (extensionHosts().some((pid) => !old.includes(pid))) return true;
    // Polling /proc: the workbench gives no event the test could wait on from outside.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await shot('no-extension-host');
  return false;
}
