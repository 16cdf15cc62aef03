// Executor overhead and output throughput, each against a raw baseline in the same run:
//  1. 200 trivial bash steps through the executor (live shell, output files, observers) and
//     again with one spawn per step (RUNBOOK_SHELL_SESSION=0) vs 200 raw `bash -c true` spawns
//     with child_process (goal ≤ 1.0×: a step costs no more than a spawn);
//  2. 100 MB of output through the executor into its file (masking on, hashing, tail, coalesced
//     listener) vs the same command's stdout piped straight to a file (goal ≥ 0.8× throughput,
//     peak RSS growth ≤ 64 MB). Wall-clock, paired rounds alternating which goes first.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Executor } from '../src/core/executor';
import type { CodeStep, Runbook } from '../src/core/format/model';
import { median } from './timing';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const BIG = `yes 'runbook benchmark line: the quick brown fox jumps over the lazy dog 0123456789' | head -c ${100 * MB}`;

function step(i: number, code: string): CodeStep {
  return {
    kind: 'code', id: `s${i}`, explicitId: true, lang: 'bash', runner: 'bash', line: i, endLine: i + 2, section: [], title: `s${i}`,
    attributes: {}, attributeEntries: [], classes: [], code: `${code}\n`, unterminated: false, expectExit: [0], continueOnError: false, interactive: false,
  };
}

function book(steps: CodeStep[]): Runbook {
  return { title: 'bench', variables: [{ name: 'TOKEN', secret: true, required: false, default: 'not-in-output-x9', line: 1 }], steps, diagnostics: [], lineCount: 1 };
}

let runs = 0;

async function throughExecutor(rb: Runbook, dir: string, shellSession = true): Promise<void> {
  const run = ++runs;
  let chunks = 0;
  const executor = new Executor({
    runbook: rb,
    baseDir: dir,
    variables: {},
    // Output files are created exclusively (O_EXCL): each run gets its own names.
    outputPath: (id, n) => join(dir, `${id}.${n}.${run}.log`),
    host: { confirm: async () => true, decideCheck: async () => 'skipped' },
    observers: [{ onOutput: (_id, c) => void (chunks += c.length) }],
    tuning: { shellSession },
  });
  const summary = await executor.runAll();
  if (summary.status !== 'passed') throw new Error(`executor run ${summary.status}: ${JSON.stringify(summary.steps.find((s) => s.status !== 'passed'))}`);
}

function raw(command: string, outFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (outFile) child.stdout.pipe(createWriteStream(outFile));
    else child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs fn while sampling RSS; returns [ms, peak RSS growth in MB]. */
async function withRss(fn: () => Promise<void>): Promise<[number, number]> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const ms = await timed(fn);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return [ms, (peak - base) / MB];
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-exec-'));
  try {
    // 1. 200 trivial steps.
    const trivial = book(Array.from({ length: 200 }, (_, i) => step(i, 'true')));
    const spawnRounds = 11;
    const ours: number[] = [];
    const base: number[] = [];
    const spawned: number[] = [];
    const ratios: number[] = [];
    const spawnedRatios: number[] = [];
    await throughExecutor(trivial, dir); // warm-up
    await throughExecutor(trivial, dir, false);
    for (let r = 0; r < spawnRounds; r++) {
      // Three series per round (live shell, one spawn per step, raw spawns), rotating who goes first.
      const series = [
        () => timed(() => throughExecutor(trivial, dir)),
        () => timed(() => throughExecutor(trivial, dir, false)),
        () => timed(async () => { for (let i = 0; i < 200; i++) await raw('true'); }),
      ];
      const times: number[] = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        const which = (k + r) % 3;
        times[which] = await series[which]!();
      }
      ours.push(times[0]!);
      spawned.push(times[1]!);
      base.push(times[2]!);
      ratios.push(times[0]! / times[2]!);
      spawnedRatios.push(times[1]! / times[2]!);
    }

    // 2. 100 MB of output.
    const big = book([step(0, BIG)]);
    const tOurs: number[] = [];
    const tBase: number[] = [];
    const rssOurs: number[] = [];
    const rssBase: number[] = [];
    const tRatios: number[] = [];
    for (let r = 0; r < 5; r++) {
      const [ms, rss] = await withRss(() => throughExecutor(big, dir));
      const [bms, brss] = await withRss(() => raw(BIG, join(dir, 'raw.log')));
      tOurs.push((100 / ms) * 1000);
      tBase.push((100 / bms) * 1000);
      rssOurs.push(rss);
      rssBase.push(brss);
      tRatios.push(bms / ms);
    }

    const spawnRatio = median(ratios);
    const tputRatio = median(tRatios);
    const peak = Math.max(...rssOurs);
    const markdown = [
      '| Measure | Executor | Baseline | Ratio | Goal |',
      '|---|---|---|---|---|',
      `| 200 trivial bash steps (median of ${spawnRounds}) | ${fmt(median(ours), 0)} ms | ${fmt(median(base), 0)} ms (raw \`bash -c true\` × 200) | ${fmt(spawnRatio, 2)}× | ≤ 1.0× ${spawnRatio <= 1.0 ? '✔' : '✘'} |`,
      `| per step | ${fmt(median(ours) / 200, 2)} ms | ${fmt(median(base) / 200, 2)} ms | | |`,
      `| the same, one spawn per step (\`RUNBOOK_SHELL_SESSION=0\`) | ${fmt(median(spawned), 0)} ms | ${fmt(median(base), 0)} ms | ${fmt(median(spawnedRatios), 2)}× | |`,
      `| 100 MB output to file, throughput (median of 5) | ${fmt(median(tOurs), 0)} MB/s | ${fmt(median(tBase), 0)} MB/s (stdout piped to a file) | ${fmt(tputRatio, 2)}× | ≥ 0.8× ${tputRatio >= 0.8 ? '✔' : '✘'} |`,
      `| 100 MB output, peak RSS growth (max of 5) | ${fmt(peak)} MB | ${fmt(Math.max(...rssBase))} MB | | ≤ 64 MB ${peak <= 64 ? '✔' : '✘'} |`,
      '',
      'The executor side includes what every real step pays: the step sourced in the run\'s live bash',
      '(its own FIFOs, its own token and /proc scan, the checks that the step left the shell safe for',
      'the executor\'s commands, the state dump: cwd, `export -p` and soft limits for the executor,',
      '`declare -p/-f`, aliases, options, traps, hash and directory stack for a restart; the executor',
      'parses the exported part again only when it changed), the script file, the per-step',
      'output file with SHA-256, the secret masker (one secret declared), and an observer. The',
      '"one spawn per step" row is the fallback path in the same rounds (a `bash -c` wrapper per',
      'step with an EXIT trap dumping cwd and exported variables).',
      '',
      'Output: the live shell reads each chunk into one reused 64 KiB buffer (net.Socket `onread`) and the capture',
      'copies what it keeps into one tail buffer per attempt (src/core/executor/recentBytes.ts); before, each read was',
      'a fresh Buffer held by the tail and the listeners\' queue until a collection (peak RSS growth 36 MB for 100 MB,',
      'throughput 0.74×; the CLI section has the run host\'s side). The capture writes each read to the file before',
      'it shows it (what is shown is on record); paired with the build before that change, a 100 MB flood through',
      '`runbook run` took the same time (1.03× wall, 0.75–1.51 over 15 rounds; 1.01× CPU). The throughput row read 0.84×,',
      '0.69× and 0.82× in three runs over two days, the capture at 170–183 MB/s: the baseline moved (207–257 MB/s).',
    ].join('\n');
    return { title: 'Executor: step overhead and output throughput', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
