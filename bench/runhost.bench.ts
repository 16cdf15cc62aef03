// The run host, each figure against a baseline measured in the same run (wall-clock, real
// processes; the run host is the shipped dist/runhost.js with its code cache, so run
// `node scripts/build.mjs` first; the CLI of rows 2–3 is bundled from src/ with esbuild):
//  1. start-up: spawn → session opened, socket bound, ready (goal ≤ 150 ms), vs a bare `node -e`
//     spawn → first output; idle RSS once ready (goal ≤ 40 MB) vs an idle bare Node process;
//  2. 200 trivial steps through `runbook run` with the run host vs `--no-host` (in-process, as
//     before) vs 200 raw `bash -c true` spawns;
//  3. output throughput: 50 MB printed by a step and delivered to an attached `runbook run`
//     (through the host's socket) vs the same command piped straight into a reader, whole runs;
//     and the rate once running, from 250 MB − 50 MB runs of both (goal ≥ 0.8×).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { connectRunHost } from '../src/runhost/client';
import { startRunHost } from '../src/runhost/launch';
import { FinishRequest } from '../src/runhost/protocol';
import { median } from './timing';

const ROOT = resolve(__dirname, '..');
const MB = 1024 * 1024;

function bundle(entry: string, dir: string): string {
  const out = join(dir, `${entry.replace(/\W/g, '_')}.js`);
  buildSync({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error', absWorkingDir: ROOT });
  return out;
}

/** Runs a command to its end; resolves wall ms and the bytes it wrote to stdout. */
function timed(file: string, args: readonly string[], env: Record<string, string> = {}, cwd = ROOT): Promise<{ ms: number; bytes: number; code: number | null }> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => void (bytes += d.length));
    child.once('error', fail);
    child.once('close', (code) => done({ ms: Number(process.hrtime.bigint() - start) / 1e6, bytes, code }));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function bareNode(): Promise<{ ms: number; rss: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("ready"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => child.stdout.once('data', r));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = rssMb(child.pid!);
  child.kill('SIGKILL');
  return { ms, rss };
}

async function hostStart(dir: string, hostScript: string, i: number): Promise<{ ms: number; rss: number }> {
  process.env.RUNBOOK_RUNHOST_SCRIPT = hostScript;
  const file = join(dir, `idle${i}.md`);
  writeFileSync(file, '# Idle\n\n```bash {#a}\ntrue\n```\n');
  const start = process.hrtime.bigint();
  const host = await startRunHost({
    sessionsDir: join(dir, 'sessions'), runbookPath: file, runbookText: readFileSync(file, 'utf8'), variables: {}, env: {},
    tool: { name: 'bench', version: '0' }, yes: true, unattended: 'block', checks: 'skip', waitLimitMs: 60_000, endSessionWhenRunEnds: true,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = rssMb(host.pid);
  const connection = await connectRunHost(host.sessionDir);
  await connection.rpc.sendRequest(FinishRequest, { status: 'passed' });
  await connection.closed;
  return { ms, rss };
}

/** Why start-up and idle memory are what they are (from profiles and /proc/PID/smaps of these hosts). */
const STARTUP_NOTES = `Start-up and idle memory are those of the shipped host: dist/runhost.js loads runhost-main.js (0.4 MB,
minified and pure ASCII, markdown-it's entities and linkify-it loaded on first use) with a V8 code cache trained at
build time on a one-step run (0.54 MB instead of 1.1 MB for every function); before, this bench built the host from
src/ without a cache (the 230 ms it reported was mostly compiling 0.8 MB), and the shipped host idled at 56.8 MB.
Of what the host adds to a bare Node's start (timestamps inside the host on this shared machine): ~25 ms load the
bundle and its modules (yaml, markdown-it, vscode-jsonrpc, the executor, the session; Node's net, crypto,
child_process, fs/promises), ~15 ms read the configuration, parse the runbook and open the session (five fsyncs,
0.3–6 ms each, before the socket exists), ~3 ms bind the socket and answer. The runbook is parsed once before the
host is ready: the session's start takes the host's title instead of parsing the text again (a 3,000-step, 375 KB
runbook: 578 → 428 ms to ready, 110 → 100 MB). The idle-RSS goal (≤ 40 MB) is below
a bare Node's own RSS here (41 MB, 31 MB of it pages of the node binary), so nothing inside the host can meet it;
over bare Node the host has ~3 MB more of the node binary touched (the code paths of net, crypto, child_process)
and ~4.5 MB of V8 heap (its modules' code and objects, the source). The host ran with \`--max-semi-space-size=1
--max-old-space-size=1024\`, which cost every start Node's code cache of its built-in modules (a V8 flag changes V8's flag
hash: paired starts, flags vs none, +8 to +23 ms, 1.16–1.20×). Now only \`--v8-pool-size=1\` (a Node option) is on its
command line, and the same heap bounds are set at run time once its built-ins have loaded (src/cli/heapTuning.ts; the
CLI section has the peaks). The host starts
without NODE_EXTRA_CA_CERTS (src/runhost/helperEnv.ts; its steps keep it): these machines set it to the system CA
bundle, and Node parses that at start-up, before any of our code (\`node -e 0\` 57 ms with it, 21 ms without, and
~2 MiB); a host makes no TLS connection, so the spawn → ready time fell by about that (86 → 67 ms). The bare-Node
baseline rows still pay it, as every Node process started with that environment does. Going further would take the client's parse sent with the configuration, so the
host loads no Markdown or YAML code on the common path (the format core then imported lazily by the session's
open and resume and by recovery: ~30 M instructions, ~6 ms and ~1–1.5 MB), and child_process loaded at the first
step (~3 ms, then paid by that step).`;

/** Why the output rate is what it is (CPU profile of the run host during a 250 MB flood). */
const THROUGHPUT_NOTES = `Output rate. The whole-run row is mostly start-up at 50 MB (two Node starts, the session's open and finish);
the rate row leaves those out. Once running, the run host hashes every byte (SHA-256, ~0.6 ns a byte here) and writes
it to the session's output file (~0.5 ns a byte), on the same thread that reads the step's FIFO; in a CPU profile of a
250 MB flood those two are ~45 % of the host's time and it waits for data ~40 %. The raw-pipe baseline writes nothing
and hashes nothing, so ≥ 0.8× of it would need the hash and the write off the reading thread (a worker, or the
thread pool), on a machine whose two cores \`yes\` and \`head\` already share with the host. The issue's own goal for
output (≥ 0.8× bash writing the same bytes to a file) is the CLI section's 200 MB row. A FIFO is not the limit: read
by Node and discarded, the same flood is as fast through a FIFO as through child_process's pipe (socketpair). On
the same capture code the rate row read 0.85×, 0.77× and 0.78× in three runs over two days: the host's rate stayed at
386–416 MB/s while the raw pipe's moved (491–518 MB/s), so the row's verdict flips with the machine's day.`;

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-runhost-'));
  try {
    const cli = bundle('src/cli/main.ts', dir);
    // What users start: the small entry that loads runhost-main.js with its V8 code cache (a bundle
    // built here would have no cache and would measure compiling 1 MB of source instead).
    const hostScript = join(ROOT, 'dist', 'runhost.js');
    if (!existsSync(hostScript)) throw new Error('dist/runhost.js is missing: run `node scripts/build.mjs` first');
    const env = { RUNBOOK_RUNHOST_SCRIPT: hostScript };

    // 1. Start-up and idle memory, alternating with the bare Node baseline.
    const starts: number[] = [];
    const rss: number[] = [];
    const bare: number[] = [];
    const bareRss: number[] = [];
    for (let i = 0; i < 7; i++) {
      const b = await bareNode();
      const h = await hostStart(dir, hostScript, i);
      if (i === 0) continue; // warm-up (file cache)
      starts.push(h.ms);
      rss.push(h.rss);
      bare.push(b.ms);
      bareRss.push(b.rss);
    }

    // 2. 200 trivial steps: with the host, in-process, raw spawns.
    const many = join(dir, 'many.md');
    writeFileSync(many, `# Many\n\n${Array.from({ length: 200 }, (_, i) => `\`\`\`bash {#s${i}}\ntrue\n\`\`\`\n`).join('\n')}`);
    const withHost: number[] = [];
    const inProcess: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 3; i++) {
      withHost.push((await timed(process.execPath, [cli, 'run', many, '--sessions', join(dir, 's'), '--json'], env)).ms);
      inProcess.push((await timed(process.execPath, [cli, 'run', many, '--sessions', join(dir, 's'), '--json', '--no-host'], env)).ms);
      const start = process.hrtime.bigint();
      for (let k = 0; k < 200; k++) await timed('bash', ['-c', 'true']);
      raw.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    // 3. Output throughput through the host to an attached client vs a raw pipe: a whole 50 MB run
    // (start-up included), and the rate of a flood once running: (250 MB run − 50 MB run) ÷ 200 MB,
    // the same for the raw pipe, in each round (start-up and finish cancel out).
    const floodOf = (mb: number) => `yes 'runbook benchmark line: the quick brown fox jumps over the lazy dog 0123456789' | head -c ${mb * MB}`;
    const floods = new Map([50, 250].map((mb) => {
      const file = join(dir, `flood${mb}.md`);
      writeFileSync(file, `# Flood\n\n\`\`\`bash {#big}\n${floodOf(mb)}\n\`\`\`\n`);
      return [mb, file] as const;
    }));
    const through: number[] = [];
    const pipe: number[] = [];
    const throughRate: number[] = [];
    const pipeRate: number[] = [];
    let delivered = 0;
    for (let i = 0; i < 3; i++) {
      const host = new Map<number, number>();
      const raw = new Map<number, number>();
      for (const mb of i % 2 === 0 ? [50, 250] : [250, 50]) {
        const r = await timed(process.execPath, [cli, 'run', floods.get(mb)!, '--sessions', join(dir, 's')], env);
        if (mb === 50) delivered = r.bytes;
        host.set(mb, r.ms);
        raw.set(mb, (await timed('bash', ['-c', floodOf(mb)])).ms);
        rmSync(join(dir, 's'), { recursive: true, force: true }); // 250 MB of session output per run
      }
      through.push(host.get(50)!);
      pipe.push(raw.get(50)!);
      throughRate.push(200 / ((host.get(250)! - host.get(50)!) / 1000));
      pipeRate.push(200 / ((raw.get(250)! - raw.get(50)!) / 1000));
    }

    const s = median(starts);
    const m = median(rss);
    const tp = (ms: number) => (50 / (ms / 1000)).toFixed(0);
    const ratio = median(pipe) / median(through);
    const rateRatio = median(throughRate) / median(pipeRate);
    const markdown = [
      'The run host starts once per session (not per step), so a run pays its start-up once. Wall-clock, medians; machine shared with other jobs.',
      '',
      '| Measure | Run host | Baseline | Ratio | Goal |',
      '|---|---|---|---|---|',
      `| Start-up: spawn → session open, socket bound, ready (median of ${starts.length}) | ${s.toFixed(0)} ms | ${median(bare).toFixed(0)} ms (bare \`node -e\` → first output) | ${(s / median(bare)).toFixed(2)}× | ≤ 150 ms ${s <= 150 ? '✔' : '✘'} |`,
      `| Idle RSS once ready | ${m.toFixed(1)} MB | ${median(bareRss).toFixed(1)} MB (idle bare Node) | ${(m / median(bareRss)).toFixed(2)}× | ≤ 40 MB ${m <= 40 ? '✔' : '✘'} |`,
      `| 200 trivial steps, whole \`runbook run\` with the run host (median of 3) | ${median(withHost).toFixed(0)} ms | ${median(raw).toFixed(0)} ms (200 \`bash -c true\` spawned and awaited one by one from this process) | ${(median(withHost) / median(raw)).toFixed(2)}× | — (the goal's row, against \`spawnSync\` from node, is in the CLI section) |`,
      `| same, \`--no-host\` (in-process, as before the run host) | ${median(inProcess).toFixed(0)} ms | ${median(raw).toFixed(0)} ms | ${(median(inProcess) / median(raw)).toFixed(2)}× | — |`,
      `| host vs in-process | ${median(withHost).toFixed(0)} ms | ${median(inProcess).toFixed(0)} ms | ${(median(withHost) / median(inProcess)).toFixed(2)}× | — |`,
      `| 50 MB of output to an attached \`runbook run\` through the host, whole run (median of 3; ${(delivered / MB).toFixed(1)} MB delivered) | ${tp(median(through))} MB/s | ${tp(median(pipe))} MB/s (same command, raw pipe) | ${ratio.toFixed(2)}× | — (start-up included: the next row is the rate) |`,
      `| output rate once running: (250 MB − 50 MB) ÷ their time difference, the session writing every byte to its file (median of 3) | ${median(throughRate).toFixed(0)} MB/s | ${median(pipeRate).toFixed(0)} MB/s (same, raw pipe, nothing written) | ${rateRatio.toFixed(2)}× | ≥ 0.8× ${rateRatio >= 0.8 ? '✔' : '✘'} |`,
      '',
      STARTUP_NOTES,
      '',
      THROUGHPUT_NOTES,
    ].join('\n');
    return { title: 'Run host: start-up, memory, step overhead, output throughput', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
