// The CLI as a user runs it: whole processes, each paired with a baseline in the same round
// (A and B alternate which goes first), wall time (spawn to exit) and peak RSS (GNU time), medians and the
// median of the per-round ratios:
//  (start-up, `runbook --help` and `runbook lint` vs `node -e 0`, is bench/startup.bench.ts)
//  2. `runbook run` of 200 trivial bash steps vs 200 raw `bash -c true` spawns from node (goal ≤ 1.0×),
//     with the live shell and with one spawn per step (RUNBOOK_SHELL_SESSION=0); the cost of one more
//     step (400 − 200 steps) against one more spawn; the peer rundoc on the same file (goal ≤ 0.6×,
//     where its sources are present: bench/rundoc/README.md);
//  3. 200 MB of step output through `runbook run` vs bash writing it to a file (goal ≥ 0.8×
//     throughput; peak RSS ≤ 64 MiB), from the live shell and from a one-spawn step
//     (RUNBOOK_SHELL_SESSION=0: the path of python, node and the other shells);
//  4. 1,000 steps with the session on this disk vs on tmpfs (what the fsyncs cost).
// Needs a build (dist/cli.js) and GNU time (/usr/bin/time, Debian's `time` package).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measuredTable, median } from './timing';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const NODE = process.execPath;
const MB = 1024 * 1024;

export interface Sample {
  readonly wallMs: number;
  /** The process's own peak (for `runbook run`: the client's). */
  readonly peakRssMiB: number;
  /** `runbook run`'s run host, when there was one. */
  readonly hostRssMiB?: number;
}

const RSS_HOOK = join(__dirname, 'maxrss-hook.js');

/**
 * Runs a command to completion under GNU time; its output goes to /dev/null. Node processes report
 * their own peak RSS through bench/maxrss-hook.js (GNU time would report the larger of the
 * client and the run host it reaped).
 */
export function measure(argv: readonly string[], cwd: string, extraEnv: Readonly<Record<string, string>> = {}): Sample {
  const report = join(cwd, '.time');
  const rssFile = join(cwd, '.rss');
  rmSync(rssFile, { force: true });
  const env = { ...process.env, ...extraEnv, NO_COLOR: '1', NODE_OPTIONS: `--require ${RSS_HOOK}`, RUNBOOK_BENCH_RSS_FILE: rssFile };
  // Wall time from this process's clock (GNU time's %e has 10 ms steps, too coarse for a ~100 ms start);
  // both sides of a pair pay the same exec of time itself.
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', report, ...argv], { cwd, stdio: 'ignore', env });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  const kib = Number(readFileSync(report, 'utf8').trim().split('\n').pop());
  const own = existsSync(rssFile) ? ownPeaks(rssFile, argv.includes('run') && argv[0] === NODE) : undefined;
  return { wallMs, peakRssMiB: (own?.client ?? kib) / 1024, ...(own?.host !== undefined ? { hostRssMiB: own.host / 1024 } : {}) };
}

/** The client's and the run host's peak RSS (KiB) from the hook's file; waits briefly for a host still exiting. */
function ownPeaks(file: string, withHost: boolean): { client?: number; host?: number } {
  const read = () => Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([role, kib]) => [role!, Number(kib)])) as { client?: number; host?: number };
  const deadline = Date.now() + 5000;
  let peaks = read();
  while (withHost && peaks.host === undefined && Date.now() < deadline) {
    spawnSync('sleep', ['0.05']);
    peaks = read();
  }
  return peaks;
}

export interface Pair {
  readonly a: Sample[];
  readonly b: Sample[];
  readonly ratios: number[];
}

/** A and B alternately, `rounds` times after one warm-up each; ratio = A/B wall time per round. */
export function pair(rounds: number, a: () => Sample, b: () => Sample): Pair {
  a();
  b();
  const out: Pair = { a: [], b: [], ratios: [] };
  for (let r = 0; r < rounds; r++) {
    const [x, y] = r % 2 === 0 ? [a(), b()] : (([q, p]) => [p, q])([b(), a()]);
    out.a.push(x!);
    out.b.push(y!);
    out.ratios.push(x!.wallMs / y!.wallMs);
  }
  return out;
}

/** Per round: (A at 400 steps − A at 200) ÷ 200 and the same for B, in alternating order; ratio of the two. */
function marginal(rounds: number, a: (steps: number) => Sample, b: (steps: number) => Sample): { a: number[]; b: number[]; ratios: number[] } {
  a(200);
  b(200);
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [400, 200] : [200, 400];
    const wa = new Map<number, number>();
    const wb = new Map<number, number>();
    for (const n of order) {
      wa.set(n, a(n).wallMs);
      wb.set(n, b(n).wallMs);
    }
    const perA = (wa.get(400)! - wa.get(200)!) / 200;
    const perB = (wb.get(400)! - wb.get(200)!) / 200;
    out.a.push(perA);
    out.b.push(perB);
    out.ratios.push(perA / perB);
  }
  return out;
}

/**
 * The peer `rundoc` on the same 200 steps (bench/rundoc/README.md): only where its sources and
 * Debian's Python packages are present (RUNBOOK_BENCH_RUNDOC); otherwise the row says why not.
 */
function peerRow(dir: string, sessions: string): string {
  const what = '`runbook run`, 200 trivial bash steps vs the peer `rundoc run` (same file)';
  const src = process.env.RUNBOOK_BENCH_RUNDOC;
  const python = '/usr/bin/python3';
  if (!src || !existsSync(join(src, 'rundoc', 'rundoc')) || !existsSync(join(src, 'markdown-rundoc', 'markdown_rundoc')) || !existsSync(python)) {
    return `| ${what} | | | not measured | ≤ 0.6× — rundoc is not on this machine: set RUNBOOK_BENCH_RUNDOC (bench/rundoc/README.md) |`;
  }
  const pythonPath = [join(__dirname, 'rundoc'), join(src, 'rundoc'), join(src, 'markdown-rundoc')].join(':');
  const check = spawnSync(python, ['-m', 'rundoc', 'run', 'trivial.md'], { cwd: dir, env: { ...process.env, PYTHONPATH: pythonPath }, encoding: 'utf8' });
  if (check.status !== 0) {
    return `| ${what} | | | not measured | ≤ 0.6× — rundoc did not run here (exit ${check.status}: ${(check.stderr.trim().split('\n').pop() ?? '').replace(/\|/g, '/')}) |`;
  }
  const peer = pair(5, () => measure([NODE, CLI, 'run', 'trivial.md', '--yes', '--sessions', sessions], dir), () => measure([python, '-m', 'rundoc', 'run', 'trivial.md'], dir, { PYTHONPATH: pythonPath }));
  const r = median(peer.ratios);
  return `| ${what} | ${f(ms(peer.a))} ms | ${f(ms(peer.b))} ms | ${f(r, 2)}× | ≤ 0.6× ${verdict(r <= 0.6)} |`;
}

const ms = (samples: readonly Sample[]) => median(samples.map((s) => s.wallMs));
const rss = (samples: readonly Sample[]) => Math.max(...samples.map((s) => s.peakRssMiB));
const hostRss = (samples: readonly Sample[]) => Math.max(...samples.map((s) => s.hostRssMiB ?? 0));
const f = (n: number, d = 0) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? '✔' : '✘');

function runbookOf(steps: number, code: string): string {
  return `# bench\n\n${Array.from({ length: steps }, (_, i) => `\`\`\`bash {#s${i}}\n${code}\n\`\`\`\n`).join('\n')}`;
}

/** Why the goals not met are not met (from profiles of these runs; kept with the bench so each run prints them). */
const NOTES = `Notes. Start-up (the bundles, their code caches, what loads lazily) is in the CLI start-up section. No command loads zod
(hand-written guards over the typed events and evidence records; the build fails if a CLI or run-host bundle includes
zod). Peak RSS is each process's own (bench/maxrss-hook.js). Output: the run host records the SHA-256 the capture made
while writing (no second pass), and sends clients a bounded share of a flood (a 256 KiB burst, then 256 KiB/s, the
newest 16 KiB at the step's end; the printer says what it did not show).

Run host memory (issue 16), from /proc/<pid>/smaps, process.memoryUsage() over a run, --trace-gc, sampled allocation
profiles and heap snapshots; before → after these changes: 200 trivial steps 70.5 → ~61 MiB, 200 MB of output 97.2 →
~60 MiB, 1,000 trivial steps ~100 → ~69 MiB. Of the ~61 MiB, ~37 MiB are pages of the node binary itself (file pages,
shared with every Node process; a bare Node touches ~30 MiB of them, the modules the host needs — net, stream,
fs/promises, crypto, child_process — ~6 more) and ~4 MiB its libraries. Found: (1) nothing leaks (the live heap is ~7
MiB, +1.7 KiB of step records per step); V8's sizing was the growth: the young generation went 4 → 8 MiB within 200
steps (up to 32 MiB in longer runs), and with a 4 GiB heap limit the old generation reached ~3× its live size between
full collections. The host ran with --max-semi-space-size=1 --max-old-space-size=1024 --v8-pool-size=1 (one V8
worker thread instead of four: ~1.5 MiB of stacks and malloc arenas): −8 MiB at 200 steps, −30 MiB at 1,000, at a
price: a V8 flag makes V8 reject Node's code cache of its own modules, +8 to +23 ms per host start. It now keeps
--v8-pool-size=1 (a Node option) and sets the heap at run time instead (see "Start and end" below).
(2) A flood: each pipe read was a fresh 64 KiB Buffer outside V8's heap, held by the tail and the listeners' queue
until a collection, ~30 MiB at peak. Every step's output is now read into one reused buffer (net.Socket's onread,
src/core/executor/fifoOutput.ts) and the capture copies what it keeps into one buffer per attempt
(src/core/executor/recentBytes.ts; test/unit/executor-output-reused-buffer.test.ts). child_process's pipes take no
onread, so a one-spawn step (python, node, RUNBOOK_SHELL_SESSION=0) writes into FIFOs lent by the executor
(src/core/executor/stepFifos.ts: one mkfifo per run, reused between steps) as a live-shell step does: its 200 MB
flood peaked the run host at ~88 MiB through the pipes (none of those buffers kept, but each waited for V8's
external-memory trigger) and ~56 MiB now, in ~15 % less wall time and ~20 % less CPU (farm-bench, paired with the
build before, 8 rounds: 0.55 vs 0.65 s; a python step printing 200 MB: 0.69 vs 0.78 s, 56 vs 90 MiB).
(3) Then the listeners' share: each delivery (≤ 256 KiB, ≤ 30/s) was copied into large strings — joined with the
previous tail, merged with held text — which live in V8's large-object space until a full collection (66 MiB allocated per 200 MB flood, 18 MiB now: a chunk as long as
the tail replaces it, held chunks are joined only when sent, a stream's run is decoded once). Throughput: the 200 MB
row moved between 0.75× and 0.88× across runs on this shared machine; paired with the build before these changes the
same run takes ~16 % less wall time. In it the run host's CPU is the file write (~160 ms) and the SHA-256 (~140 ms),
and the host waits a third of the time; what separates it from bash → file is mostly fixed: ~0.2 s of a ~0.7 s run is
the client's and the host's start (the host no longer reads NODE_EXTRA_CA_CERTS'
CA bundle, ~35 ms: the run host section), the session's fsyncs and the finish.

Start and end of a whole run (the first row). The client's own Node start (~50 ms here, ~35 ms of it the CA bundle
NODE_EXTRA_CA_CERTS names, which the baseline's node pays too) cannot overlap anything; everything after it now
does where it can (timelines from perf trace of whole runs and CPU profiles of the run host): the dispatcher spawns
the run host before the run command's bundle loads and reads the runbook (the host's ~45 ms start overlaps the
client's ~20 ms; an unneeded host reads EOF and exits without a session); the host starts the live shell after its
ready reply, while the client connects and attaches, and the shell sources its start program from a file (bash read
it from the pipe one byte per read(): ~4,000 calls, ~4 ms); the host no longer loads rimraf or perf_hooks on the way
(each a compile without Node's code cache, see below); it takes the session's final status from its
records instead of reading the log back; it removes its files before it tells its clients the run ended, and
\`runbook run\` returns then, not after the host's exit (2–20 ms of process teardown), and exits without Node's heap
teardown. Together: 1.21× → ~1.02–1.08× (this row moves with the machine's state). Measured and not kept: the
step start's fsync on the thread pool while the step is prepared, and bash writing its restore script after
telling the step's end, each overlapping work with a wait: no gain (paired, 20–40 rounds: 0.98–1.04×), because
a run here is bound by CPU, not by waits: per step the run host spends ~1 ms of CPU, bash ~0.6, the client ~0.2,
on two cores. The most a step costs that could still go:
bash's dump and its parse (a run without them: −0.32 ms a step), ~40 % of which is bash listing the executor's
own functions (\`declare -f\`), which no builtin leaves out without a fork.

Per step. Bash steps run in one live shell per run (docs/executor.md). "One more step" is the per-step figure
(start-up cancels out). Removed earlier, from profiles (\`--cpu-prof\` of the run host, strace of
the run): the JSON-RPC writer's two writes and four event-loop turns per message (one frame per message now, a
tick's frames in one writev), host.json rewritten twice per step (at most 4×/s now), a walk of every process in
/proc at each step's end (only pids allocated since the step started), a random read per step token. Removed in
this change (perf of all three processes, strace per thread): the session log's appends, fsyncs and checks went
through fs/promises, three thread-pool round trips per event with their wake-ups (synchronous calls now: the
host's thread pool does nothing per step); the output digest's excerpt read, four more round trips; the create of
an empty output file on the session's disk, which waited behind the journal commit of the fsync just before it
(~0.4 ms a step under load; a file is now created with the first byte a step prints); bash's 300-byte line per
step, read one byte per read() (~110 bytes now: paths start with readonly variables) and 80 lines of option
listing in its dump per step (a restart rebuilds the options from SHELLOPTS/BASHOPTS): bash's system calls per
step: reads and writes 574 → 365; one AbortSignal.any per step. What remains per step: the fsync of the step's start before it runs
(the write-ahead rule, kept: nothing runs that the session does not show; ~0.3 ms here when the disk is quiet,
over 1 ms when it is busy, the 1,000-step row), the run host's JavaScript (the protocol with the live shell: two
FIFOs and their sockets, the control messages; the session's events and their hash chain; two notifications to
the client), bash's dump (~180 lines, a write() each), and the wake-ups between three processes on two cores.

This stop (paired with the build before, 8–30 rounds; per-process CPU from each process's own rusage): bash's dump
no longer lists the executor's own functions, ~150 of its ~300 lines (\`declare -pf\` of the names \`compgen -A function\`
gives without \`__rb_*\`, through a file: no fork), bash's CPU per step −10 % (147 → 128 ms for 200 steps); the step
tracker reads the live shell's start time once per shell, not per step; the run host works out a step's start in clock
ticks only when it must end escaped processes (a /proc/uptime read per step before); a live-shell step no longer copies
the environment (~7 KB allocated per step); the client finds a notification's step in a map. Measured and not kept:
dropping the \`B\` message (the host would read a step's FIFOs from the start: no CPU difference in 8 paired runs), /proc
files kept open for pread (3 µs a read). The rounds of the first two rows went up (11 pairs, 7 for the per-step row),
so one slow round moves the median less.

The 200 MB rows, measured again. Each run's 200 MB is now removed after it (untimed; 5 rounds). Before, the files
piled up (~1.2 GB per bench) and the baseline overwrote raw.out each round: truncating a file waits for the writeback
of its pages, on a disk that writes ~136 MB/s, so bash → file ran at 415–513 MB/s and the row read 0.64–0.85× across
this stop's runs, 0.85× ✔ in the last stop's. Written to a fresh file, bash's 200 MB land in the page cache at ~700–930
MB/s, and the row reads ~0.4–0.5× ✘: the goal is not met, and the earlier ✔ was the baseline waiting for its own
writeback, not Runbook being as fast. Runbook's own run did not change (paired with the previous build, 8 rounds:
1.03×). What it costs: ~140 ms of start-up (the two Node start-ups above; bash → file has none, and 200 MB take it
~215 ms), then the flood through the run host at ~390–700 MB/s by the day (the run host section's rate row): one thread reads
each 64 KiB, hashes it (SHA-256, ~0.5 ms a MB) and writes it to the session's file (~0.5 ms a MB), while \`yes\` and
\`head\` hold the other core. ≥ 0.8× would need the start-up gone and the hash and the write off the reading thread;
neither fits this stop. The peak RSS rows are unaffected.

Why the whole run can miss ≤ 1.0× while each step is cheaper than a spawn: it pays two Node start-ups in series, where
the baseline pays one. A one-step \`runbook run\` took ~140 ms (timeline from perf trace, a quieter day): the client's
Node start (~55 ms, ~35 of it the CA bundle NODE_EXTRA_CA_CERTS names, which the baseline pays too), then the run host's
(~45 ms to ready: Node ~20, its V8 heap flags ~10–15, the bundle with its code cache ~10–15, the session's open), then
the run (~25 ms with the session's end). The host cannot start before the client's Node has (it is the client that
starts it, detached, so that it outlives the terminal). The row's verdict moves with the machine: 0.99× when the same
200 spawns took 624 ms, 1.15× when they took 462 ms, 1.38× on a day when every Node start here was ~3× slower (\`node
-e 0\` ~150 ms with the CA bundle) and a step's fsync took ~0.6 ms (the 1,000-step row).

The host's heap flags are gone from its command line (src/cli/heapTuning.ts). Any V8 command-line flag makes V8 reject
Node's code cache of its built-in modules (net, child_process, crypto, fs/promises, …), which then compiled at every
start: in a CPU profile of a host's start, 30 ms of 147. V8 reads two flags at each decision, so they are set at run
time instead, right after the bundle's built-ins have loaded with their cache (\`loadBundle\`'s v8Flags, which also
reads and writes the bundle's own cache under them): \`--semi-space-growth-factor=1\` keeps the young generation at
its initial size (the same 2 MiB \`--max-semi-space-size=1\` gave; a unit test compares the two), and
\`--heap-growing-percent=60\` lets the old generation grow 1.6× between full collections (what V8 allows a heap limited to
1 GiB). \`runbook run\` and \`attach\` set the same, which they never had: their young generation grew to 8 MiB. Paired
with the build before (farm-bench, 21 rounds): a one-step run 0.90×, 200 steps 0.94–0.97×, 1,000 steps 0.97×. Peaks,
host / client: 200 steps 58.6 / 57.2 MiB (57.5 / 56.5 before), 1,000 steps 63.1 / 58.9 (62.9 / 64.4), 3,000 steps
67.6 / 64.2 (67.0 / 75.4). Without any tuning the host reached 76.7 MiB at 3,000 steps (young 16 MiB, old 25.5).
Earlier, run-time flags had been measured and left (Node documents changing V8 flags after start as unpredictable);
these two are plain numbers read where V8 decides, and the unit test fails if a Node stops honouring the first.

Compare ratios within a row: the machine is shared, and the same 200 raw spawns took 0.5–2 s across runs.`;

export default async function bench(): Promise<{ title: string; markdown: string }> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is missing: apt-get install -y time');
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-cli-'));
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/rb-bench-cli-') : undefined;
  try {
    const rows: string[] = [];
    // 2. 200 trivial steps vs 200 raw spawns.
    writeFileSync(join(dir, 'trivial.md'), runbookOf(200, 'true'));
    writeFileSync(join(dir, 'spawn200.js'), "const { spawnSync } = require('node:child_process'); for (let i = 0; i < 200; i++) spawnSync('bash', ['-c', 'true'], { stdio: 'ignore' });\n");
    const sessions = join(dir, 'sessions');
    const trivial = pair(11, () => measure([NODE, CLI, 'run', 'trivial.md', '--yes', '--sessions', sessions], dir), () => measure([NODE, 'spawn200.js'], dir));
    const tr = median(trivial.ratios);
    rows.push(`| \`runbook run\`, 200 trivial bash steps vs 200 × \`bash -c true\` from node | ${f(ms(trivial.a))} ms (${f(ms(trivial.a) / 200, 2)} ms/step) | ${f(ms(trivial.b))} ms | ${f(tr, 2)}× | ≤ 1.0× ${verdict(tr <= 1.0)} |`);
    // The same with one spawn per step (the executor's fallback path), against the same baseline.
    const spawned = pair(7, () => measure([NODE, CLI, 'run', 'trivial.md', '--yes', '--sessions', sessions], dir, { RUNBOOK_SHELL_SESSION: '0' }), () => measure([NODE, 'spawn200.js'], dir));
    const sr = median(spawned.ratios);
    rows.push(`| the same with one spawn per step (\`RUNBOOK_SHELL_SESSION=0\`) | ${f(ms(spawned.a))} ms (${f(ms(spawned.a) / 200, 2)} ms/step) | ${f(ms(spawned.b))} ms | ${f(sr, 2)}× | |`);
    // What one more step costs: 400 steps minus 200 steps, against 400 minus 200 raw spawns, per round
    // (start-up cancels out, so this is the per-step cost the goal speaks of).
    writeFileSync(join(dir, 'trivial400.md'), runbookOf(400, 'true'));
    writeFileSync(join(dir, 'spawn400.js'), "const { spawnSync } = require('node:child_process'); for (let i = 0; i < 400; i++) spawnSync('bash', ['-c', 'true'], { stdio: 'ignore' });\n");
    const extra = marginal(7, (steps) => measure([NODE, CLI, 'run', steps === 400 ? 'trivial400.md' : 'trivial.md', '--yes', '--sessions', sessions], dir), (steps) => measure([NODE, steps === 400 ? 'spawn400.js' : 'spawn200.js'], dir));
    const er = median(extra.ratios);
    rows.push(`| one more step: (400 − 200 steps) ÷ 200, vs the same for raw spawns | ${f(median(extra.a), 2)} ms/step | ${f(median(extra.b), 2)} ms/spawn | ${f(er, 2)}× | ≤ 1.0× ${verdict(er <= 1.0)} |`);
    rows.push(peerRow(dir, sessions));
    rows.push(`| \`runbook run\`, 200 trivial steps: peak RSS of the client | ${f(rss(trivial.a), 1)} MiB | ${f(rss(trivial.b), 1)} MiB | | ≤ 64 MiB ${verdict(rss(trivial.a) <= 64)} |`);
    rows.push(`| … and of its run host | ${f(hostRss(trivial.a), 1)} MiB | | | ≤ 64 MiB ${verdict(hostRss(trivial.a) <= 64)} |`);

    // 3. 200 MB of output.
    const big = `yes 'runbook benchmark line: the quick brown fox jumps over the lazy dog 0123456789' | head -c ${200 * MB}`;
    writeFileSync(join(dir, 'big.md'), runbookOf(1, big));
    // Each side's 200 MB is removed after its run (untimed): a backlog of earlier rounds' writeback
    // (this disk writes ~136 MB/s) would otherwise stall whichever run comes next.
    const floodSessions = join(dir, 'flood-sessions');
    const thenRemove = (path: string, run: () => Sample) => (): Sample => {
      const sample = run();
      rmSync(path, { recursive: true, force: true });
      return sample;
    };
    const viaRunbook = (env: Record<string, string> = {}) => thenRemove(floodSessions, () => measure([NODE, CLI, 'run', 'big.md', '--yes', '--sessions', floodSessions], dir, env));
    const toFile = thenRemove(join(dir, 'raw.out'), () => measure(['bash', '-c', `${big} > raw.out`], dir));
    const output = pair(5, viaRunbook(), toFile);
    const throughput = 1 / median(output.ratios);
    rows.push(`| 200 MB of output through \`runbook run\` vs bash → file (throughput) | ${f(200 / (ms(output.a) / 1000))} MB/s | ${f(200 / (ms(output.b) / 1000))} MB/s | ${f(throughput, 2)}× | ≥ 0.8× ${verdict(throughput >= 0.8)} |`);
    rows.push(`| 200 MB of output: peak RSS of the client | ${f(rss(output.a), 1)} MiB | ${f(rss(output.b), 1)} MiB | | ≤ 64 MiB ${verdict(rss(output.a) <= 64)} |`);
    rows.push(`| … and of its run host | ${f(hostRss(output.a), 1)} MiB | | | ≤ 64 MiB ${verdict(hostRss(output.a) <= 64)} |`);
    // The same flood from a one-spawn step (its own FIFOs instead of the live shell's).
    const spawnedOutput = pair(5, viaRunbook({ RUNBOOK_SHELL_SESSION: '0' }), toFile);
    const spawnedThroughput = 1 / median(spawnedOutput.ratios);
    rows.push(`| the same from a one-spawn step (\`RUNBOOK_SHELL_SESSION=0\`; python, node) | ${f(200 / (ms(spawnedOutput.a) / 1000))} MB/s | ${f(200 / (ms(spawnedOutput.b) / 1000))} MB/s | ${f(spawnedThroughput, 2)}× | ≥ 0.8× ${verdict(spawnedThroughput >= 0.8)} |`);
    rows.push(`| … peak RSS of its run host | ${f(hostRss(spawnedOutput.a), 1)} MiB | | | ≤ 64 MiB ${verdict(hostRss(spawnedOutput.a) <= 64)} |`);

    // 4. Durability cost: the same 1,000-step run with sessions on disk vs on tmpfs.
    if (shm) {
      writeFileSync(join(dir, 'thousand.md'), runbookOf(1000, 'true'));
      mkdirSync(join(shm, 'sessions'), { recursive: true });
      const durable = pair(3, () => measure([NODE, CLI, 'run', 'thousand.md', '--yes', '--sessions', sessions], dir), () => measure([NODE, CLI, 'run', 'thousand.md', '--yes', '--sessions', join(shm, 'sessions')], dir));
      rows.push(`| 1,000 steps, sessions on ${tmpdir()}'s disk vs on tmpfs | ${f(ms(durable.a))} ms | ${f(ms(durable.b))} ms | ${f(median(durable.ratios), 2)}× | — |`);
    }
    const markdown = measuredTable(
      'Whole processes, A and B alternating: wall time from spawn to exit, peak RSS from GNU time (`/usr/bin/time -f %M`) or the process itself; medians, the ratio is the median of the per-round ratios (throughput: its inverse).',
      rows,
      NOTES,
    );
    return { title: 'CLI: step cost, output, durability (whole processes)', markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (shm) rmSync(shm, { recursive: true, force: true });
  }
}
