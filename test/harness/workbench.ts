// A real VS Code workbench (code-server) with the extension, for `npm start` and the e2e tests:
// starts code-server on a folder, optionally opens it in headless Chromium, and stops it all.
//   extension: 'development' loads the built extension from the work tree (dist/),
//              a path to a .vsix installs that package first (what users get).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { ensureCodeServer, ROOT } from './codeServer';
import { freePort, liveProcesses, startGroup, stopGroup, waitForOutput } from './processes';

export interface WorkbenchOptions {
  /** Folder to open; a temporary copy of runbooks/ when omitted. */
  readonly folder?: string;
  readonly extension?: 'development' | { readonly vsix: string };
  readonly port?: number;
  /** Open the workspace trusted (default) or in Restricted Mode. */
  readonly trusted?: boolean;
}

export interface Workbench {
  readonly url: string;
  readonly folder: string;
  /** Opens the workbench in headless Chromium and waits until the editor area is there. */
  openPage(viewport?: { width: number; height: number }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const paths = ensureCodeServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-workbench-'));
  const folder = options.folder ?? path.join(tmp, 'runbooks');
  if (!options.folder) fs.cpSync(path.join(ROOT, 'runbooks'), folder, { recursive: true });
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  // Settings for a calm first screen: no welcome page, no trust prompt. Workspace Trust stays
  // enabled: a trusted workbench is opened with --disable-workspace-trust, an untrusted one
  // without it, so the folder opens in Restricted Mode (turning the feature off would make
  // everything trusted).
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    // The sample runbooks folder sits inside this repository: do not ask to open the parent repo.
    'git.openRepositoryInParentFolders': 'never',
    // VS Code's own port finder runs `ls -l /proc/[0-9]*/fd/[0-9]* | grep socket:` and
    // `ps -F -A -l | grep root` from the extension host: the untrusted suite, which asserts that
    // nothing there starts a process, saw both. Off, and not from processes.
    'remote.autoForwardPorts': false,
    'remote.autoForwardPortsSource': 'output',
  }, null, 2));
  const extension = options.extension ?? 'development';
  const base = ['--user-data-dir', userData, '--extensions-dir', extensions];
  if (extension !== 'development') {
    const install = spawnSync(process.execPath, [paths.entry, ...base, '--install-extension', extension.vsix], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`code-server could not install ${extension.vsix}:\n${install.stdout}${install.stderr}`);
  }
  const port = options.port ?? (await freePort());
  const server = startGroup(process.execPath, [
    paths.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...base,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
    folder,
  ], { cwd: folder });
  const stop = async () => {
    await stopGroup(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitForOutput(server, /HTTP server listening on/, 'code-server to listen', 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (extension === 'development') {
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`]]);
    url += `&payload=${encodeURIComponent(payload)}`;
  }
  const browsers: Browser[] = [];
  return {
    url,
    folder,
    async openPage(viewport = { width: 1400, height: 860 }) {
      const browser = await launchBrowser();
      browsers.push(browser);
      const page = await browser.newPage({ viewport });
      await page.goto(url);
      await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
      return page;
    },
    async stop() {
      await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
      await stop();
      await noRunHostLeft(folder);
    },
  };
}

/**
 * Run hosts of this workbench's runbooks exit once no window is attached and nothing runs or waits
 * for a person: give them a moment after the server stopped, then end any still there and fail.
 */
async function noRunHostLeft(folder: string): Promise<void> {
  const hosts = () => liveProcesses().filter((p) => p.cmdline.includes('--runbook-run-host') && (p.cwd ?? '').startsWith(folder));
  for (let i = 0; i < 100 && hosts().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const left = hosts();
  if (left.length === 0) return;
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`run hosts left running after the workbench stopped (a run or a question was left waiting): ${left.map((p) => `${p.pid} ${p.cmdline}`).join('; ')}`);
}

/** The frame that holds a webview's own document (an iframe inside an iframe), found by a selector. */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<import('playwright-core').Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`No webview frame contains ${selector} after ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}

/**
 * Runs a command from the command palette as a person does: F1, type, click the matching row
 * (the palette orders rows by recent use, so the first row varies). A notification or a late
 * focus change can swallow the keystrokes; then the palette is closed and opened again, at most
 * three times, and a screenshot of the last try is kept in test/e2e/artifacts/.
 */
export async function runFromPalette(page: Page, command: string, rowText: string | RegExp = command): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 }).catch(() => undefined);
    await page.keyboard.type(command);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      return;
    } catch (error) {
      if (attempt >= 3) {
        const shot = path.join(ROOT, 'test', 'e2e', 'artifacts', `palette-failure-${Date.now()}.png`);
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await page.screenshot({ path: shot }).catch(() => undefined);
        throw new Error(`the command palette shows no row for '${command}' after ${attempt} tries (screenshot: ${shot})`, { cause: error });
      }
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Accepts VS Code's save dialog (the simple file dialog) once it offers a default name starting
 * with `namePrefix`. The quick pick before it shares its input element, so waiting for the input
 * alone can press Enter while the dialog is still on its way (and the Enter is lost).
 */
export async function acceptSaveDialog(page: Page, namePrefix: string): Promise<void> {
  try {
    await page.waitForFunction(`[...document.querySelectorAll('.quick-input-widget input')].some((i) => i.value.includes(${JSON.stringify(namePrefix)}))`, undefined, { timeout: 30_000 });
  } catch (error) {
    const shot = path.join(ROOT, 'test', 'e2e', 'artifacts', `save-dialog-failure-${Date.now()}.png`);
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => undefined);
    throw new Error(`no save dialog offering '${namePrefix}…' (screenshot: ${shot})`, { cause: error });
  }
  await page.keyboard.press('Enter');
}

/**
 * Picks the row of the open quick pick that shows `label` by clicking it, as a person does. An
 * Enter pressed as soon as the row appears can reach the quick pick before it takes keys, and is
 * lost (the next step then waits for a dialog that never comes).
 */
export async function pickQuickInputRow(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor();
  await row.click();
}

/** Opens a workspace file with Quick Open (Ctrl+P), clicking its row. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(fileName);
  await pickQuickInputRow(page, fileName);
}
