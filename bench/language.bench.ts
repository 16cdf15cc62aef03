// Language server start-up and memory: our dist/server.js against a bare vscode-languageserver that
// only answers initialize and publishes empty diagnostics, both bundled the same way and run as
// child processes over IPC (as the extension runs them). Start-up = fork → first diagnostics.
import * as esbuild from 'esbuild';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { generateRunbook } from './format.bench';
import { median } from './timing';

const ROOT = join(__dirname, '..');
const BASELINE = `
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
`;

interface Server {
  readonly child: ChildProcess;
  readonly rpc: MessageConnection;
  /** Opens a document and resolves with the time (ms) until its diagnostics arrive. */
  open(uri: string, text: string): Promise<number>;
  rssMb(): number;
  stop(): Promise<void>;
}

async function startServer(bundle: string): Promise<{ server: Server; firstDiagnosticsMs: number }> {
  const text = readFileSync(join(ROOT, 'runbooks', 'hello.md'), 'utf8');
  const started = performance.now();
  const child = fork(bundle, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const rpc = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiting = new Map<string, () => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => waiting.get(p.uri)?.());
  rpc.listen();
  const server: Server = {
    child,
    rpc,
    async open(uri, body) {
      const t = performance.now();
      const done = new Promise<void>((resolve) => waiting.set(uri, resolve));
      await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: body } });
      await done;
      waiting.delete(uri);
      return performance.now() - t;
    },
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await rpc.sendRequest('shutdown');
      await rpc.sendNotification('exit');
      await exited;
      rpc.dispose();
    },
  };
  await rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  await rpc.sendNotification('initialized', {});
  await server.open('file:///bench/hello.md', text);
  return { server, firstDiagnosticsMs: performance.now() - started };
}

async function build(dir: string): Promise<{ ours: string; baseline: string }> {
  const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', absWorkingDir: ROOT } as const;
  await esbuild.build({ ...options, entryPoints: ['src/server/main.ts'], outfile: join(dir, 'server.js') });
  await esbuild.build({ ...options, stdin: { contents: BASELINE, resolveDir: ROOT, sourcefile: 'baseline.ts', loader: 'ts' }, outfile: join(dir, 'baseline.js') });
  return { ours: join(dir, 'server.js'), baseline: join(dir, 'baseline.js') };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lsp-bench-'));
  try {
    const bundles = await build(dir);
    const big = generateRunbook(1000);
    const results = { ours: { start: [] as number[], rss: [] as number[], bigMs: [] as number[], bigRss: [] as number[] }, baseline: { start: [] as number[], rss: [] as number[], bigMs: [] as number[], bigRss: [] as number[] } };
    const runs = 7;
    for (let i = 0; i < runs + 1; i++) {
      // Alternate the order so both see the same machine state; round 0 warms the disk cache.
      for (const which of i % 2 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const)) {
        const { server, firstDiagnosticsMs } = await startServer(bundles[which]);
        const rss = server.rssMb();
        const bigTimes: number[] = [];
        for (let k = 0; k < 5; k++) bigTimes.push(await server.open(`file:///bench/big-${k}.md`, big));
        const bigRss = server.rssMb();
        await server.stop();
        if (i === 0) continue;
        const r = results[which];
        r.start.push(firstDiagnosticsMs);
        r.rss.push(rss);
        r.bigMs.push(median(bigTimes.slice(1)));
        r.bigRss.push(bigRss);
      }
    }
    const row = (label: string, a: number[], b: number[], unit: string) =>
      `| ${label} | ${fmt(median(a))} ${unit} | ${fmt(median(b))} ${unit} | ${fmt(median(a) / median(b), 2)}× |`;
    const markdown = [
      `Child processes over IPC, as the extension runs the server; medians of ${runs} starts each, alternated.`,
      'Baseline: a bare vscode-languageserver that only answers `initialize` and publishes empty diagnostics.',
      '',
      '| Measure | Runbook server | Baseline | Ratio |',
      '|---|---:|---:|---:|',
      row('Fork → first diagnostics of runbooks/hello.md', results.ours.start, results.baseline.start, 'ms'),
      row('Resident memory after that', results.ours.rss, results.baseline.rss, 'MB'),
      row('Open a 1,000-step runbook → its diagnostics', results.ours.bigMs, results.baseline.bigMs, 'ms'),
      row('Resident memory with five 1,000-step runbooks open', results.ours.bigRss, results.baseline.bigRss, 'MB'),
      '',
      'The 1,000-step row is almost all parse + lint of the core (see the format section); the baseline parses nothing.',
      'The server starts only once a Markdown document that is a runbook is open, so plain Markdown users pay nothing.',
    ].join('\n');
    return { title: 'Language server start-up and memory', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
