// A stand-alone host page for the webview bundle: the same CSP shape as the real panel (script
// only by nonce, styles and fonts from our origin), VS Code's theme variables, and a fake
// `acquireVsCodeApi` that records every posted message. Lets Playwright test the UI quickly.
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { FromWebviewMessage, ToWebviewMessage } from '../../../src/webview/protocol';
import { themes, type ThemeName } from './themes';

const root = path.resolve(__dirname, '../../..');

export interface WebviewSite {
  readonly url: (theme: ThemeName) => string;
  close(): Promise<void>;
}

/** Builds dist-like assets into a temp folder (never touching dist/) and serves them. */
/** `csp: false` leaves the Content-Security-Policy out (the XSS tests prove the sanitiser alone holds). */
export async function startWebviewSite(options: { csp?: boolean } = {}): Promise<WebviewSite> {
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-webview-'));
  await esbuild.build({
    entryPoints: { webview: path.join(root, 'src/webview/main.ts') },
    outdir: dir, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', loader: { '.ttf': 'file' }, logLevel: 'error',
  });
  mkdirSync(path.join(dir, 'codicons'));
  for (const f of ['codicon.css', 'codicon.ttf']) cpSync(path.join(root, 'node_modules/@vscode/codicons/dist', f), path.join(dir, 'codicons', f));
  const nonce = randomBytes(16).toString('base64');
  for (const [name, theme] of Object.entries(themes)) {
    const vars = Object.entries(theme.vars).map(([k, v]) => `${k}: ${v};`).join(' ');
    writeFileSync(path.join(dir, `theme-${name}.css`), `html { ${vars} }`);
    writeFileSync(path.join(dir, `${name}.html`), `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
${options.csp === false ? '' : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self' 'nonce-${nonce}'; font-src 'self'; img-src 'self' https: data:; script-src 'nonce-${nonce}'">`}
<link rel="stylesheet" href="theme-${name}.css">
<link rel="stylesheet" href="codicons/codicon.css">
<link rel="stylesheet" href="webview.css">
<title>Runbook</title></head>
<body class="${theme.bodyClass}"><main id="root"></main>
<script nonce="${nonce}">
  window.__posted = []; window.__state = undefined; window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
</script>
<script nonce="${nonce}" src="webview.js"></script>
</body></html>`);
  }
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };
  const server: Server = createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, ''));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (theme) => `http://127.0.0.1:${port}/${theme}.html`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Delivers a host → webview message the way VS Code does (a window message event) and returns once
 * the webview has handled it. postMessage dispatches on a later task, so a listener added after the
 * webview's own sees the event only after the webview's handler ran: reading the DOM is then safe.
 */
export async function send(page: Page, message: ToWebviewMessage): Promise<void> {
  // A string, not a function: the test runner's transform adds helpers (__name) the page lacks.
  await page.evaluate(`new Promise((resolve) => {
    const message = ${JSON.stringify(message)};
    const expected = JSON.stringify(message);
    const handled = (event) => {
      if (JSON.stringify(event.data) !== expected) return;
      window.removeEventListener('message', handled);
      resolve();
    };
    window.addEventListener('message', handled);
    window.postMessage(message, '*');
  })`);
}

export async function posted(page: Page): Promise<FromWebviewMessage[]> {
  return page.evaluate(() => (window as unknown as { __posted: FromWebviewMessage[] }).__posted);
}

/** Waits (on the page, no fixed sleep) until the webview has posted a message matching `match`. */
export async function waitForPosted<T extends FromWebviewMessage['type']>(page: Page, type: T, match: Partial<Extract<FromWebviewMessage, { type: T }>> = {}, after = 0): Promise<Extract<FromWebviewMessage, { type: T }>> {
  const handle = await page.waitForFunction(
    ({ type, match, after }) => {
      const list = (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted.slice(after);
      return list.find((m) => m.type === type && Object.entries(match).every(([k, v]) => JSON.stringify(m[k]) === JSON.stringify(v)));
    },
    { type, match: match as Record<string, unknown>, after },
    { timeout: 10_000, polling: 20 },
  );
  return (await handle.jsonValue()) as Extract<FromWebviewMessage, { type: T }>;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}
