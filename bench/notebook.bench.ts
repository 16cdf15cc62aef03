// The notebook under an output flood and the size of what it ships, each against a baseline
// measured in the same run:
//  1. 100 MB of output from a real step through the Executor → the panel's MessageCoalescer:
//     postMessages per second and bytes sent to the webview, vs posting every pipe chunk
//     (the uncoalesced count);
//  2. the webview in headless Chromium fed that whole flood, coalesced vs uncoalesced:
//     main-thread time to absorb it and the delay before a Cancel click takes effect;
//  3. bundle sizes (minified) vs a baseline webview with all of highlight.js.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Executor } from '../src/core/executor';
import type { CodeStep, Runbook } from '../src/core/format/model';
import { MessageCoalescer } from '../src/extension/run/coalescer';
import type { ToWebviewMessage } from '../src/webview/protocol';
import { launchBrowser } from '../test/harness/browser';
import { startWebviewSite } from '../test/e2e/webview/page';
import { median } from './timing';

const MB = 1024 * 1024;
const FLOOD = `yes 'runbook benchmark line: \x1b[32mthe quick brown fox\x1b[0m jumps over the lazy dog 0123456789' | head -c ${100 * MB}`;
const ROOT = resolve(__dirname, '..');

const step: CodeStep = {
  kind: 'code', id: 'flood', explicitId: true, lang: 'bash', runner: 'bash', line: 1, endLine: 3, section: [], title: 'flood',
  attributes: {}, attributeEntries: [], classes: [], code: `${FLOOD}\n`, unterminated: false, expectExit: [0], continueOnError: false, interactive: false,
};
const runbook: Runbook = { title: 'flood', variables: [], steps: [step], diagnostics: [], lineCount: 3 };

interface FloodRun {
  readonly seconds: number;
  readonly rawChunks: number;
  readonly delivered: number;
  readonly deliveredBytes: number;
  readonly biggest: number;
  readonly sizes: number[];
}

/** Pipe chunks of the same command read directly: one postMessage each without coalescing. */
function countRawChunks(): Promise<number> {
  return new Promise((done, fail) => {
    let chunks = 0;
    const child = spawn('bash', ['-c', FLOOD], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', () => chunks++);
    child.on('error', fail);
    child.on('close', () => done(chunks));
  });
}

async function floodThroughExecutor(): Promise<Omit<FloodRun, 'rawChunks'>> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-notebook-bench-'));
  let deliveredBytes = 0;
  let biggest = 0;
  const sizes: number[] = [];
  const coalescer = new MessageCoalescer((m: ToWebviewMessage) => {
    const size = JSON.stringify(m).length;
    deliveredBytes += size;
    biggest = Math.max(biggest, size);
    sizes.push(size);
  });
  try {
    const executor = new Executor({
      runbook, baseDir: dir, variables: {}, outputPath: (id, n) => join(dir, `${id}-${n}.log`),
      host: { confirm: async () => true, decideCheck: async () => 'passed' },
      observers: [{ onOutput: (stepId, chunks) => coalescer.post({ type: 'output', batches: chunks.map((c) => ({ stepId, stream: c.stream, text: c.text })) }) }],
      tuning: { scratchDir: dir },
    });
    const started = performance.now();
    await executor.runAll();
    coalescer.flush();
    return { seconds: (performance.now() - started) / 1000, delivered: coalescer.delivered, deliveredBytes, biggest, sizes };
  } finally {
    coalescer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function webviewUnderFlood(messages: readonly number[], label: string): Promise<{ absorbMs: number; cancelMs: number }> {
  void label;
  const [browser, site] = await Promise.all([launchBrowser(), startWebviewSite()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(site.url('dark'));
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    await page.evaluate((rb) => window.postMessage({ type: 'document', uri: 'file:///flood.md', text: '```bash {#flood}\nflood\n```\n', runbook: rb, trusted: true }, '*'), runbook as unknown as Record<string, unknown>);
    await page.evaluate(() => {
      window.postMessage({ type: 'run', run: { running: true, stepId: 'flood' } }, '*');
      window.postMessage({ type: 'steps', steps: [{ stepId: 'flood', status: 'running' }] }, '*');
    });
    await page.locator('.rb-card[data-status="running"]').waitFor();
    // Queue the whole second of messages at once (they arrive faster than they are handled),
    // then click Cancel as a person would and time until the webview has posted `cancel`.
    const absorbMs = await page.evaluate((sizes) => {
      const line = 'runbook benchmark line: \x1b[32mthe quick brown fox\x1b[0m jumps over the lazy dog 0123456789\n';
      const texts = sizes.map((n) => line.repeat(Math.max(1, Math.round(n / line.length))));
      const t0 = performance.now();
      for (const text of texts) window.dispatchEvent(new MessageEvent('message', { data: { type: 'output', batches: [{ stepId: 'flood', stream: 'stdout', text }] } }));
      const absorb = performance.now() - t0;
      for (const text of texts) window.postMessage({ type: 'output', batches: [{ stepId: 'flood', stream: 'stdout', text }] }, '*');
      return absorb;
    }, messages as number[]);
    const t0 = Date.now();
    await page.locator('.rb-card').getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'cancel'), undefined, { polling: 5 });
    return { absorbMs, cancelMs: Date.now() - t0 };
  } finally {
    await browser.close();
    await site.close();
  }
}

async function bundleSizes(): Promise<{ webview: number; css: number; baseline: number; extension: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bundle-bench-'));
  try {
    const common = { bundle: true, minify: true, logLevel: 'error' as const, legalComments: 'none' as const };
    await esbuild.build({ ...common, entryPoints: { webview: join(ROOT, 'src/webview/main.ts') }, outdir: dir, platform: 'browser', format: 'iife', target: 'es2022' });
    const fullHighlight: esbuild.Plugin = {
      name: 'full-highlight',
      setup(build) {
        build.onResolve({ filter: /^highlight\.js\/lib\/core$/ }, () => ({ path: join(ROOT, 'node_modules/highlight.js/lib/index.js') }));
      },
    };
    await esbuild.build({ ...common, entryPoints: { baseline: join(ROOT, 'src/webview/main.ts') }, outdir: dir, platform: 'browser', format: 'iife', target: 'es2022', plugins: [fullHighlight] });
    await esbuild.build({ ...common, entryPoints: { extension: join(ROOT, 'src/extension/main.ts') }, outdir: dir, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
    const size = (f: string) => statSync(join(dir, f)).size;
    return { webview: size('webview.js'), css: size('webview.css'), baseline: size('baseline.js'), extension: size('extension.js') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const runs: FloodRun[] = [];
  for (let i = 0; i < 3; i++) runs.push({ ...(await floodThroughExecutor()), rawChunks: await countRawChunks() });
  const seconds = median(runs.map((r) => r.seconds));
  const raw = median(runs.map((r) => r.rawChunks));
  const delivered = median(runs.map((r) => r.delivered));
  const perSecond = median(runs.map((r) => r.delivered / r.seconds));
  const rawPerSecond = median(runs.map((r) => r.rawChunks / r.seconds));
  const sentMB = median(runs.map((r) => r.deliveredBytes)) / MB;
  const biggestKB = median(runs.map((r) => r.biggest)) / 1024;

  // The whole flood as the webview receives it: coalesced vs every pipe chunk.
  const typical = runs[0]!;
  const floodCoalesced = typical.sizes;
  const floodRaw = Array.from({ length: Math.round(raw) }, () => (100 * MB) / raw);
  const coalesced: Array<{ absorbMs: number; cancelMs: number }> = [];
  const uncoalesced: Array<{ absorbMs: number; cancelMs: number }> = [];
  const idle: Array<{ absorbMs: number; cancelMs: number }> = [];
  for (let i = 0; i < 3; i++) {
    coalesced.push(await webviewUnderFlood(floodCoalesced, 'coalesced'));
    uncoalesced.push(await webviewUnderFlood(floodRaw, 'uncoalesced'));
    idle.push(await webviewUnderFlood([], 'idle'));
  }
  const idleCancel = median(idle.map((r) => r.cancelMs));
  const cAbsorb = median(coalesced.map((r) => r.absorbMs));
  const uAbsorb = median(uncoalesced.map((r) => r.absorbMs));
  const cCancel = median(coalesced.map((r) => r.cancelMs));
  const uCancel = median(uncoalesced.map((r) => r.cancelMs));
  const sizes = await bundleSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

  const markdown = `
100 MB of output from a real bash step (\`yes … | head -c 100M\`, ANSI colours included) through the
Executor and the panel's \`MessageCoalescer\` (src/extension/run/coalescer.ts). Medians of 3 runs;
the step took ${seconds.toFixed(1)} s.

| | uncoalesced (one postMessage per pipe chunk) | coalesced (what the panel sends) | ratio |
|---|---:|---:|---:|
| messages for 100 MB | ${raw.toFixed(0)} | ${delivered.toFixed(0)} | ${(delivered / raw).toFixed(3)}× |
| messages per second | ${rawPerSecond.toFixed(0)} | ${perSecond.toFixed(1)} | ${(perSecond / rawPerSecond).toFixed(3)}× |
| bytes sent to the webview | ${(100).toFixed(0)} MB | ${sentMB.toFixed(1)} MB | ${(sentMB / 100).toFixed(3)}× |
| largest message | ${kb((100 * MB) / raw)} | ${biggestKB.toFixed(0)} KB | |

The webview (real bundle, headless Chromium) fed that whole flood as it arrives (queued faster than
it is handled): main-thread time to absorb it, and the delay from a Cancel click to the webview
posting \`cancel\` while the flood is still queued. Medians of 3 runs.

| | uncoalesced | coalesced | ratio |
|---|---:|---:|---:|
| time to absorb the 100 MB flood | ${uAbsorb.toFixed(0)} ms | ${cAbsorb.toFixed(0)} ms | ${(cAbsorb / uAbsorb).toFixed(2)}× |
| Cancel click → \`cancel\` posted | ${uCancel.toFixed(0)} ms | ${cCancel.toFixed(0)} ms | ${(cCancel / uCancel).toFixed(2)}× |

For reference, the same click with no output queued takes ${idleCancel.toFixed(0)} ms (mostly Playwright's own click).

Bundle sizes (esbuild, minified). Baseline: the same webview with all of highlight.js instead of
the ${15} languages runbooks use.

| bundle | size | baseline | ratio |
|---|---:|---:|---:|
| dist/webview.js | ${kb(sizes.webview)} | ${kb(sizes.baseline)} | ${(sizes.webview / sizes.baseline).toFixed(2)}× |
| dist/webview.css | ${kb(sizes.css)} | | |
| dist/extension.js | ${kb(sizes.extension)} | | |

Extension activation time is not measured here: it needs a VS Code, and the real-VS-Code suite
runs under code-server where activation includes the workbench's own start-up.
`;
  return { title: 'Notebook: output flood and bundle sizes', markdown };
}
