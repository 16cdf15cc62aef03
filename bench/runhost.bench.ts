// The run host, each figure against a baseline measured in the same run (wall-clock, real
// processes; the run host is the shipped dist/runhost.js with its code cache, so run
// `node scripts/build.mjs` first; the CLI of rows 2–3 is bundled from src/ with esbuild):
//  1. start-up: spawn → session opened, socket bound, ready (goal ≤ 150 ms), vs a bare `node -e`
//     spawn → first output; idle RSS once ready (goal ≤ 40 MB) vs an idle bare Node process;
//  2. 200 trivial steps through `runbook run` with the run host vs `--no-host` (in-process, as
//     before) vs 200 raw `bash -c true` spawns;
//  3. output throughput: 50 MB printed by a step and delivered to an attached `runbook run`
//     (through the host's socket) vs the same command piped straight into a reader (goal ≥ 0.8×).
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

    // 3. Output throughput through the host to an attached client vs a raw pipe.
    const big = `yes 'runbook benchmark line: the quick brown fox jumps over the lazy dog 0123456789' | head -c ${50 * MB}`;
    const flood = join(dir, 'flood.md');
    writeFileSync(flood, `# Flood\n\n\`\`\`bash {#big}\n${big}\n\`\`\`\n`);
    const through: number[] = [];
    const pipe: number[] = [];
    let delivered = 0;
    for (let i = 0; i < 3; i++) {
      const r = await timed(process.execPath, [cli, 'run', flood, '--sessions', join(dir, 's')], env);
      delivered = r.bytes;
      through.push(r.ms);
      pipe.push((await timed('bash', ['-c', big])).ms);
    }

    const s = median(starts);
    const m = median(rss);
    const tp = (ms: number) => (50 / (ms / 1000)).toFixed(0);
    const ratio = median(pipe) / median(through);
    const markdown = [
      'The run host starts once per session (not per step), so a run pays its start-up once. Wall-clock, medians; machine shared with other jobs.',
      '',
      '| Measure | Run host | Baseline | Ratio | Goal |',
      '|---|---|---|---|---|',
      `| Start-up: spawn → session open, socket bound, ready (median of ${starts.length}) | ${s.toFixed(0)} ms | ${median(bare).toFixed(0)} ms (bare \`node -e\` → first output) | ${(s / median(bare)).toFixed(2)}× | ≤ 150 ms ${s <= 150 ? '✔' : '✘'} |`,
      `| Idle RSS once ready | ${m.toFixed(1)} MB | ${median(bareRss).toFixed(1)} MB (idle bare Node) | ${(m / median(bareRss)).toFixed(2)}× | ≤ 40 MB ${m <= 40 ? '✔' : '✘'} |`,
      `| 200 trivial steps, whole \`runbook run\` with the run host (median of 3) | ${median(withHost).toFixed(0)} ms | ${median(raw).toFixed(0)} ms (200 raw \`bash -c true\`) | ${(median(withHost) / median(raw)).toFixed(2)}× | ≤ 1.0× ${median(withHost) <= median(raw) ? '✔' : '✘'} |`,
      `| same, \`--no-host\` (in-process, as before the run host) | ${median(inProcess).toFixed(0)} ms | ${median(raw).toFixed(0)} ms | ${(median(inProcess) / median(raw)).toFixed(2)}× | — |`,
      `| host vs in-process | ${median(withHost).toFixed(0)} ms | ${median(inProcess).toFixed(0)} ms | ${(median(withHost) / median(inProcess)).toFixed(2)}× | — |`,
      `| 50 MB of output to an attached \`runbook run\` through the host (median of 3; ${(delivered / MB).toFixed(1)} MB delivered) | ${tp(median(through))} MB/s | ${tp(median(pipe))} MB/s (same command, raw pipe) | ${ratio.toFixed(2)}× | ≥ 0.8× ${ratio >= 0.8 ? '✔' : '✘'} |`,
    ].join('\n');
    return { title: 'Run host: start-up, memory, step overhead, output throughput', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
