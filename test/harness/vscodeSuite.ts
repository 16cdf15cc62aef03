// Runs one mocha suite (test/vscode or test/vscode-untrusted, built into out/test/) inside the
// REMOTE extension host of a real VS Code: the bare VS Code server from code-server plus its web
// client in headless Chromium — the same split as Remote-SSH. The suite's log is forwarded to
// the console; the result is the suite's exit code and its pass/fail counts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { ensureCodeServer, ROOT } from './codeServer';
import { RESULT_MARKER, type SuiteResult } from './mochaSuite';
import { freePort, startGroup, stopGroup, waitForOutput } from './processes';

export interface SuiteOptions {
  /** Folder under out/test/ holding index.js and *.test.js. */
  readonly suite: 'vscode' | 'vscode-untrusted';
  /** false opens the workspace untrusted (Restricted Mode). */
  readonly trusted: boolean;
  /** Overall deadline: past it everything is killed and the suite counts as failed. */
  readonly timeoutMs?: number;
}

export interface SuiteOutcome extends SuiteResult {
  readonly exitCode: number;
  readonly durationMs: number;
}

export async function runVSCodeSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const started = Date.now();
  const paths = ensureCodeServer();
  const testsPath = path.join(ROOT, 'out', 'test', options.suite);
  if (!fs.existsSync(path.join(testsPath, 'index.js'))) throw new Error(`${testsPath}/index.js is missing: run npm run build first.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `runbook-${options.suite}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(ROOT, 'runbooks'), workspace, { recursive: true }); // tests may edit their copy
  // The server's TMPDIR (VS Code's IPC and git sockets, the tests' files) goes with `tmp`.
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const port = await freePort();
  const server = startGroup(process.execPath, [
    paths.serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    ...(options.trusted ? ['--disable-workspace-trust'] : []),
  ], { env: { ...process.env, TMPDIR: path.join(tmp, 'tmp'), VSCODE_AGENT_FOLDER: path.join(tmp, 'agent'), RUNBOOK_TEST_REMOTE: '1' } });
  const serverLog: string[] = [];
  const keep = (chunk: Buffer) => serverLog.push(chunk.toString());
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);

  let browser: Browser | undefined;
  let result: SuiteResult | undefined;
  let timer: NodeJS.Timeout | undefined;
  const label = `[${options.suite}]`;
  try {
    await waitForOutput(server, /Extension host agent listening on/, 'the VS Code server to listen', 60_000);
    browser = await launchBrowser();
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      for (const line of format(...args).split('\n')) {
        const at = line.indexOf(RESULT_MARKER);
        if (at >= 0) result = JSON.parse(line.slice(at + RESULT_MARKER.length)) as SuiteResult;
        else console.log(`${label} ${line}`);
      }
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(testsPath)]]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`${label} the suite did not finish within ${timeoutMs / 1000} s; stopping it.`);
        resolve(124);
      }, timeoutMs);
    });
    await page.goto(url);
    const exitCode = await Promise.race([exit, deadline]);
    if (exitCode !== 0) await saveFailureScreenshot(page, options.suite);
    const counts = result ?? { passed: 0, failed: exitCode === 0 ? 0 : 1, pending: 0 };
    return { ...counts, failed: exitCode !== 0 && counts.failed === 0 ? 1 : counts.failed, exitCode, durationMs: Date.now() - started };
  } catch (error) {
    console.error(`${label} ${error instanceof Error ? error.message : String(error)}`);
    if (serverLog.length) console.error(`${label} VS Code server output:\n${serverLog.join('').slice(-3000)}`);
    return { passed: 0, failed: 1, pending: 0, exitCode: 1, durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await stopGroup(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function saveFailureScreenshot(page: import('playwright-core').Page, suite: string): Promise<void> {
  const file = path.join(ROOT, 'test', 'e2e', 'artifacts', `${suite}-failure.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file }).then(() => console.error(`Screenshot of the failed run: ${path.relative(ROOT, file)}`), () => undefined);
}
