// Opening a plain README.md with a ```bash fence in the real VS Code (code-server's VS Code
// server, web client in headless Chromium), Runbook installed vs not, a fresh window (server,
// user data, browser) per run, configurations interleaved round by round. A probe extension
// (bench/vscode-probe/) opens the README and reports VS Code's own extension-host performance
// marks, the extension host's child processes and memory, and which Runbook files it loaded.
// Runbook is installed from a .vsix built like `npm run package`. `RUNBOOK_BENCH_BEFORE=<git ref>`
// adds Runbook as built from that ref ("before").
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/harness/browser';
import { ensureCodeServer } from '../test/harness/codeServer';
import { freePort, startGroup, stopGroup, waitForOutput } from '../test/harness/processes';
import { median } from './timing';

const ROOT = resolve(__dirname, '..');
const ROUNDS = Number(process.env.RUNBOOK_BENCH_VSCODE_ROUNDS ?? 5);
const MARKDOWN = 'vscode.markdown-language-features';
const RUNBOOK = 'runbook-dev.runbook';
const README = '# Project\n\nBuild and install:\n\n```bash\nmake && sudo make install\n```\n';
const MiB = 1024 * 1024;

interface ProbeReport {
  readonly opened: number;
  readonly marks: { name: string; startTime: number }[];
  readonly children: string[];
  readonly rss: number;
  readonly heapUsed: number;
  readonly runbookLenses: number;
  readonly loadedBytes: number;
  readonly loaded: string[];
}

interface Sample {
  /** From opening the README to the Markdown extension being active (ms). */
  readonly markdownActive: number;
  /** Code load of the Markdown extension and of Runbook (ms, VS Code's willLoad/didLoadExtensionCode). */
  readonly markdownCodeLoad: number;
  readonly runbookCodeLoad?: number;
  /** Runbook's activate() (ms, VS Code's will/didActivateExtension). */
  readonly runbookActivate?: number;
  readonly children: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly lenses: number;
  readonly loadedKB: number;
  readonly loaded: string[];
}

function toSample(r: ProbeReport): Sample {
  const mark = (kind: string, id: string) => r.marks.find((m) => m.name === `code/extHost/${kind}/${id}`)?.startTime;
  const span = (id: string) => {
    const start = mark('willLoadExtensionCode', id);
    const end = mark('didLoadExtensionCode', id);
    return start !== undefined && end !== undefined ? end - start : undefined;
  };
  const markdownDone = mark('didActivateExtension', MARKDOWN);
  if (markdownDone === undefined) throw new Error('the probe saw no didActivateExtension mark of the Markdown extension');
  const runbookCodeLoad = span(RUNBOOK);
  const activateStart = mark('willActivateExtension', RUNBOOK);
  const activateEnd = mark('didActivateExtension', RUNBOOK);
  return {
    markdownActive: markdownDone - r.opened,
    markdownCodeLoad: span(MARKDOWN) ?? NaN,
    ...(runbookCodeLoad !== undefined ? { runbookCodeLoad } : {}),
    ...(activateStart !== undefined && activateEnd !== undefined ? { runbookActivate: activateEnd - activateStart } : {}),
    children: r.children.length,
    rssMiB: r.rss / MiB,
    heapMiB: r.heapUsed / MiB,
    lenses: r.runbookLenses,
    loadedKB: r.loadedBytes / 1000,
    loaded: r.loaded,
  };
}

/** Builds the probe extension into `dir`. */
export async function buildProbe(dir: string): Promise<void> {
  mkdirSync(join(dir, 'out'), { recursive: true });
  cpSync(join(__dirname, 'vscode-probe', 'package.json'), join(dir, 'package.json'));
  await esbuild.build({ entryPoints: [join(__dirname, 'vscode-probe', 'probe.ts')], outfile: join(dir, 'out', 'probe.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
}

/** Runbook as users get it: the `.vsix` built (minified) from `source`, installed into `extensionsDir`. */
function installRunbook(source: string, extensionsDir: string): void {
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: source, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${source}:\n${result.stdout}${result.stderr}`);
  };
  const vsix = join(extensionsDir, '..', `${Date.now()}.vsix`);
  run(process.execPath, [join(source, 'scripts', 'build.mjs'), '--production']);
  run(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix]);
  run(process.execPath, [ensureCodeServer().serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--accept-server-license-terms']);
}

/** One fresh window: a new VS Code server, user data and browser; the probe's report. */
export async function openReadme(probe: string, extensionsDir: string | undefined, browser: Browser): Promise<ProbeReport> {
  const paths = ensureCodeServer();
  const tmp = mkdtempSync(join(tmpdir(), 'runbook-vscode-bench-'));
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'README.md'), README);
  const out = join(tmp, 'probe.json');
  if (extensionsDir) cpSync(extensionsDir, join(tmp, 'extensions'), { recursive: true });
  const port = await freePort();
  const server = startGroup(process.execPath, [
    paths.serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions'), '--disable-workspace-trust',
  ], { env: { ...process.env, VSCODE_AGENT_FOLDER: join(tmp, 'agent'), RUNBOOK_PROBE_OUT: out } });
  const context = await browser.newContext();
  try {
    await waitForOutput(server, /Extension host agent listening on/, 'the VS Code server to listen', 60_000);
    // The probe is the development extension (a web window takes only one); Runbook is installed.
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${probe}`]]);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const deadline = Date.now() + 120_000;
    // The probe writes its report once; wait for the file (the window runs in another process).
    while (!existsSync(out) || statSync(out).size === 0) {
      if (Date.now() > deadline) throw new Error('the probe reported nothing within 120 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
  } finally {
    await context.close().catch(() => undefined);
    await stopGroup(server);
    rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
const range = (values: readonly number[], digits = 1) => `${fmt(Math.min(...values), digits)} / **${fmt(median(values), digits)}** / ${fmt(Math.max(...values), digits)}`;

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'runbook-vscode-bench-ext-'));
  const browser = await launchBrowser();
  try {
    const probe = join(tmp, 'probe');
    await buildProbe(probe);
    const configs: { name: string; extensionsDir?: string }[] = [{ name: 'without Runbook' }];
    const after = join(tmp, 'extensions-after');
    installRunbook(ROOT, after);
    configs.push({ name: 'Runbook (this tree)', extensionsDir: after });
    const beforeRef = process.env.RUNBOOK_BENCH_BEFORE;
    if (beforeRef) {
      const source = join(tmp, 'before-source');
      mkdirSync(source);
      execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${beforeRef}" | tar -x -C "${source}"`]);
      symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
      const before = join(tmp, 'extensions-before');
      installRunbook(source, before);
      configs.push({ name: `Runbook before (${beforeRef})`, extensionsDir: before });
    }
    const samples = new Map<string, Sample[]>(configs.map((c) => [c.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of configs) {
        process.stderr.write(`bench: vscode round ${round + 1}/${ROUNDS}, ${c.name}\n`);
        samples.get(c.name)!.push(toSample(await openReadme(probe, c.extensionsDir, browser)));
      }
    }
    return { title: 'Opening a plain README in VS Code (Runbook installed vs not)', markdown: report(configs.map((c) => c.name), samples) };
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(names: readonly string[], samples: ReadonlyMap<string, Sample[]>): string {
  const base = samples.get(names[0]!)!;
  const of = (name: string, pick: (s: Sample) => number | undefined) => samples.get(name)!.map(pick).filter((v): v is number => v !== undefined);
  const lines = [
    `${ROUNDS} rounds; each run is a fresh VS Code window (code-server ${'4.100.3'}'s server, headless Chromium) that opens a README.md`,
    'holding a ```bash fence and nothing else of Runbook\'s; configurations alternate within each round. Times come from VS Code\'s',
    'performance marks in the extension host (`code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>`); processes, memory',
    'and CodeLens are read 3 s after activation. min / **median** / max.',
    '',
    '| measure | ' + names.join(' | ') + ' |',
    '|---|' + names.map(() => '---|').join(''),
    `| README opened → Markdown extension active (ms) | ${names.map((n) => range(of(n, (s) => s.markdownActive), 0)).join(' | ')} |`,
    `| … ratio to without Runbook (median) | ${names.map((n) => fmt(median(of(n, (s) => s.markdownActive)) / median(base.map((s) => s.markdownActive)), 2) + '×').join(' | ')} |`,
    `| Markdown extension code load (ms) | ${names.map((n) => range(of(n, (s) => s.markdownCodeLoad))).join(' | ')} |`,
    `| Runbook code load (ms) | ${names.map((n) => (of(n, (s) => s.runbookCodeLoad).length ? range(of(n, (s) => s.runbookCodeLoad)) : '–')).join(' | ')} |`,
    `| Runbook activate() (ms) | ${names.map((n) => (of(n, (s) => s.runbookActivate).length ? range(of(n, (s) => s.runbookActivate)) : '–')).join(' | ')} |`,
    `| Runbook code load ÷ Markdown's, same window (median) | ${names.map((n) => { const r = samples.get(n)!.filter((s) => s.runbookCodeLoad !== undefined).map((s) => s.runbookCodeLoad! / s.markdownCodeLoad); return r.length ? `${fmt(median(r), 2)}×` : '–'; }).join(' | ')} |`,
    `| Runbook files loaded (KB, minified) | ${names.map((n) => (samples.get(n)!.some((s) => s.loaded.length) ? `${fmt(median(of(n, (s) => s.loadedKB)))} (${[...new Set(samples.get(n)!.flatMap((s) => s.loaded))].join(', ')})` : '–')).join(' | ')} |`,
    `| extension-host child processes | ${names.map((n) => range(of(n, (s) => s.children), 0)).join(' | ')} |`,
    `| extension-host RSS (MiB) | ${names.map((n) => range(of(n, (s) => s.rssMiB))).join(' | ')} |`,
    `| … added to the median without Runbook (MiB) | ${names.map((n) => fmt(median(of(n, (s) => s.rssMiB)) - median(base.map((s) => s.rssMiB)))).join(' | ')} |`,
    `| extension-host JS heap used (MiB) | ${names.map((n) => range(of(n, (s) => s.heapMiB))).join(' | ')} |`,
    `| Runbook CodeLenses on the README | ${names.map((n) => range(of(n, (s) => s.lenses), 0)).join(' | ')} |`,
  ];
  // The goals of issue 16 (1 and 5), judged on this tree's medians.
  const now = samples.get(names[1] ?? '');
  if (now) {
    const med = (pick: (x: Sample) => number) => median(now.map(pick));
    const startRatio = med((x) => x.markdownActive) / median(base.map((x) => x.markdownActive));
    const addedMiB = med((x) => x.rssMiB) - median(base.map((x) => x.rssMiB));
    const loadRatio = median(now.map((x) => (x.runbookCodeLoad ?? NaN) / x.markdownCodeLoad));
    const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
    lines.push(
      '',
      `Goals for this tree: no extra process ${verdict(med((x) => x.children) <= median(base.map((x) => x.children)))}; ≤ 2 MiB added ${verdict(addedMiB <= 2)} (${fmt(addedMiB)});`,
      `no CodeLens ${verdict(med((x) => x.lenses) === 0)}; activation bundles ≤ 400 KB ${verdict(med((x) => x.loadedKB) <= 400)}; code load ≤ 1.0× Markdown's ${verdict(loadRatio <= 1)} (${fmt(loadRatio, 2)}×);`,
      `Markdown extension active within 1.05× ${verdict(startRatio <= 1.05)} (${fmt(startRatio, 2)}×). The last is a median of whole-window`,
      'timings on a shared 2-core machine, where one window\'s start varies by seconds between runs (see min/max): Runbook\'s own',
      'share of it is its code load and activate() in the rows above.',
    );
  }
  return lines.join('\n');
}
