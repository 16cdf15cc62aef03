// The XSS payloads of the evidence test, in the REAL webview of the real VS Code: in the runbook
// title, headings, step titles, code, output (terminal escapes too), checks and notes. A loopback
// server in the extension host is the canary (payloads load or fetch from it when they execute);
// the webview must render every step, report no error, and nothing may reach the server.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FromWebviewMessage } from '../../src/webview/protocol';
import type { WebviewMessageEvent } from '../../src/extension/api';
import { xssPayloads } from '../fixtures/hostile/xss-payloads';
import { startCanaryServer, type CanaryServer } from '../fixtures/hostile/canaryServer';
import { closeAllEditors, getApi, nextRendered, openRunbookPanel, waitFor, workspaceFile } from './util';

describe('reliability: XSS payloads in the real webview', () => {
  let canary: CanaryServer;

  before(async () => {
    canary = await startCanaryServer();
  });
  after(async () => {
    await closeAllEditors();
    await canary?.close();
  });

  it('renders, runs and annotates 64 hostile steps: nothing executes or is fetched', async function () {
    this.timeout(180_000);
    // Executing payloads would call pwn(n) (undefined here) or load URL: make both reach the canary.
    const payloads = xssPayloads((n) => `http://127.0.0.1:${canary.port}/payload-${n}`).map((p, n) => p.replace(/pwn\((\d+)\)/g, `fetch('http://127.0.0.1:${canary.port}/exec-${n}')`));
    const oneLine = (p: string) => p.replace(/[\r\n\u2028\u2029]/g, ' ');
    // Manual checks come last: run-all stops at the first one to ask the operator.
    const text = [`# ${oneLine(payloads[2]!)}\n`, ...payloads.map((p, i) => `## Part ${i} ${oneLine(p)}\n\n${oneLine(p)}\n\n~~~bash {#p${i}}\ncat <<'RUNBOOK_EOF'\n${p}\nRUNBOOK_EOF\n~~~\n`),
      '## Checks\n', ...payloads.map((p) => `- [ ] check ${oneLine(p)}`), ''].join('\n');
    const uri = workspaceFile('xss-webview.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const api = await getApi();
    const errors: string[] = [];
    const listener = api.onDidReceiveMessage((e: WebviewMessageEvent<FromWebviewMessage>) => {
      if (e.uri === uri.toString() && e.message.type === 'log' && e.message.level === 'error') errors.push(e.message.message);
    });
    try {
      const { rendered, document } = await openRunbookPanel(uri);
      assert.equal(document.trusted, true);
      assert.equal(rendered.stepCount, payloads.length, 'every hostile step rendered as a card');
      await vscode.commands.executeCommand('runbook.runAll', uri);
      const state = await api.runState(uri.toString());
      for (let i = 0; i < payloads.length; i++) assert.equal(state.steps[`p${i}`]?.status, 'passed', `step p${i}`);
      for (let i = 0; i < payloads.length; i += 7) await vscode.commands.executeCommand('runbook.addNote', uri, `p${i}`, `note ${payloads[i]}`);
      // Re-render from scratch with outputs and notes in place (a reopened panel).
      await closeAllEditors();
      const again = nextRendered(api, uri);
      await vscode.commands.executeCommand('runbook.open', uri);
      assert.equal((await again).stepCount, payloads.length);
      // One more round trip through the webview before looking at the canary.
      const ping = waitFor(api.onDidReceiveMessage, (m) => m.uri === uri.toString() && m.message.type === 'rendered', 'a render after the note');
      await vscode.commands.executeCommand('runbook.addNote', uri, 'p0', `last ${payloads[0]}`);
      await Promise.race([ping, new Promise((r) => setTimeout(r, 5000))]);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(canary.hits, [], 'a payload executed or loaded a resource in the webview');
    assert.deepEqual(errors, [], 'the webview reported errors');
  });
});

/** Peak resident set of this process (the extension host), from /proc. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

describe('reliability: load in the real VS Code', () => {
  after(closeAllEditors);

  // Minutes long: part of the stress run (`RUNBOOK_STRESS=1 npm run test:vscode -- trusted`), not of `npm test`.
  it('a 1,000-step runbook renders and runs all its steps; a 200 MB step keeps the extension host bounded', async function () {
    if (!process.env.RUNBOOK_STRESS) this.skip();
    this.timeout(600_000);
    const api = await getApi();
    const steps = Array.from({ length: 1000 }, (_, i) => `## Step ${i}\n\n\`\`\`bash {#s${i}}\necho "step ${i}"\n\`\`\`\n`).join('\n');
    const uri = workspaceFile('thousand-steps.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# A thousand steps\n\n${steps}`));
    const rssBefore = peakRssMb();
    let started = Date.now();
    const { rendered } = await openRunbookPanel(uri);
    const renderMs = Date.now() - started;
    assert.equal(rendered.stepCount, 1000);
    started = Date.now();
    await vscode.commands.executeCommand('runbook.runAll', uri);
    const runMs = Date.now() - started;
    const state = await api.runState(uri.toString());
    assert.equal(Object.values(state.steps).filter((s) => s.status === 'passed').length, 1000);
    const rssThousand = peakRssMb();

    const flood = workspaceFile('flood.md');
    await vscode.workspace.fs.writeFile(flood, new TextEncoder().encode("# Flood\n\n```bash {#flood}\nhead -c 200000000 /dev/zero | tr '\\0' 'a' | fold -w 99\n```\n"));
    await openRunbookPanel(flood);
    started = Date.now();
    await vscode.commands.executeCommand('runbook.runStep', flood, 'flood');
    const floodMs = Date.now() - started;
    const floodState = await api.runState(flood.toString());
    assert.equal(floodState.steps.flood?.status, 'passed');
    assert.ok(Buffer.byteLength(floodState.steps.flood?.outputTail ?? '') <= 1024 * 1024, 'the UI keeps a bounded tail');
    const rssFlood = peakRssMb();
    console.log(`RELIABILITY-FIGURES vscode: 1,000 steps rendered in ${renderMs} ms, ran in ${runMs} ms; 200 MB step in ${floodMs} ms; extension host peak RSS ${rssBefore.toFixed(0)} → ${rssThousand.toFixed(0)} → ${rssFlood.toFixed(0)} MB`);
    assert.ok(rssFlood - rssBefore < 400, `the extension host grew by ${(rssFlood - rssBefore).toFixed(0)} MB`);
  });
});
