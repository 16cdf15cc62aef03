// Load (`npm run test:stress`): a 1,000-step runbook through the CLI, a step printing 200 MB, and
// 50 notes edited rapidly. Peak memory (VmHWM of the CLI process, read from /proc while it runs)
// must stay bounded; the figures go to docs/reliability.md (printed as test diagnostics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNewSession, readSessionState } from '../../src/core/session';
import { readLog } from '../../src/core/session/replay';
import { cliBundle, onlySession, runCliProcess } from '../unit/reliability-cli';

interface Measured {
  readonly code: number | null;
  readonly ms: number;
  readonly peakMb: number;
  readonly stdoutBytes: number;
}

/** Runs the CLI, sampling its VmHWM (peak resident set) from /proc until it exits. */
function measureCli(args: readonly string[], cwd: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cliBundle(), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKb = 0;
    let stdoutBytes = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'latin1'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d: Buffer) => void (stdoutBytes += d.length));
    child.stderr.on('data', () => undefined);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve({ code, ms: Date.now() - started, peakMb: peakKb / 1024, stdoutBytes });
    });
    sample();
  });
}

function workspace(markdown: string): { dir: string; sessions: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-load-'));
  writeFileSync(join(dir, 'book.md'), markdown);
  return { dir, sessions: join(dir, 'sessions') };
}

const fmt = (m: Measured) => `${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.peakMb.toFixed(0)} MB`;

test('baseline, 1,000 steps and a 200 MB step: all run, memory stays bounded', { timeout: 20 * 60_000 }, async (t) => {
  const base = workspace('# Baseline\n\n```bash {#one}\necho one\n```\n');
  const baseline = await measureCli(['run', 'book.md', '--sessions', base.sessions, '--json'], base.dir);
  assert.equal(baseline.code, 0);
  t.diagnostic(`baseline (1 step): ${fmt(baseline)}`);

  const steps = Array.from({ length: 1000 }, (_, i) => `## Step ${i}\n\n\`\`\`bash {#s${i}}\necho "step ${i} $(( ${i} * 2 ))"\n\`\`\`\n`).join('\n');
  const big = workspace(`# A thousand steps\n\n${steps}`);
  const thousand = await measureCli(['run', 'book.md', '--sessions', big.sessions, '--json'], big.dir);
  assert.equal(thousand.code, 0);
  const state = await readSessionState(onlySession(big.sessions));
  assert.equal(Object.values(state.steps).filter((s) => s.status === 'passed').length, 1000);
  assert.equal((await runCliProcess(['verify', onlySession(big.sessions)], big.dir)).code, 0);
  t.diagnostic(`1,000 steps (--json): ${fmt(thousand)}, ${(thousand.ms / 1000).toFixed(1)} ms per step, ${state.eventCount} events`);
  assert.ok(thousand.peakMb < baseline.peakMb + 150, `1,000 steps peaked at ${thousand.peakMb.toFixed(0)} MB (baseline ${baseline.peakMb.toFixed(0)} MB)`);

  const live = workspace(`# A thousand steps\n\n${steps}`);
  const liveRun = await measureCli(['run', 'book.md', '--sessions', live.sessions], live.dir);
  assert.equal(liveRun.code, 0);
  t.diagnostic(`1,000 steps (live output): ${fmt(liveRun)}, ${liveRun.stdoutBytes} bytes printed`);

  const flood = workspace('# Flood\n\n```bash {#flood}\nhead -c 200000000 /dev/zero | tr \'\\0\' \'a\' | fold -w 99\n```\n\n```bash {#after}\necho after\n```\n');
  for (const mode of ['--json', 'live'] as const) {
    const sessions = join(flood.dir, `sessions-${mode}`);
    const r = await measureCli(['run', 'book.md', '--sessions', sessions, ...(mode === 'live' ? [] : ['--json'])], flood.dir);
    assert.equal(r.code, 0);
    const session = onlySession(sessions);
    const size = statSync(join(session, 'outputs', 'flood.1.log')).size;
    assert.equal(size, 200_000_000 + Math.floor(200_000_000 / 99), 'every byte of output is in the session');
    assert.equal((await runCliProcess(['verify', session], flood.dir)).code, 0);
    t.diagnostic(`200 MB step (${mode}): ${fmt(r)}, ${(200 / (r.ms / 1000)).toFixed(0)} MB/s, ${r.stdoutBytes} bytes on stdout`);
    assert.ok(r.peakMb < baseline.peakMb + 200, `200 MB of output peaked at ${r.peakMb.toFixed(0)} MB (baseline ${baseline.peakMb.toFixed(0)} MB)`);
  }
});

test('50 notes edited rapidly (concurrently): all recorded in order, the last one wins', async (t) => {
  const ws = workspace('# Notes\n\n```bash {#one}\necho one\n```\n');
  const session = await openNewSession({ sessionsDir: ws.sessions, runbookPath: join(ws.dir, 'book.md'), runbookText: '# Notes\n', variables: {}, secretNames: [], tool: { name: 'test', version: '0' } });
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  await Promise.all(Array.from({ length: 50 }, (_, i) => session.addNote('one', `edit ${i} ${'x'.repeat(i * 100)}`)));
  const ms = Date.now() - started;
  await session.end('passed');
  const notes = (await readLog(session.dir)).parsed.events.filter((e) => e.type === 'note');
  assert.deepEqual(notes.map((n) => (n.type === 'note' ? n.text.split(' ')[1] : '')), Array.from({ length: 50 }, (_, i) => String(i)));
  assert.match((await readSessionState(session.dir)).steps.one?.note ?? '', /^edit 49 /);
  t.diagnostic(`50 notes: ${ms} ms (${(ms / 50).toFixed(1)} ms per fsync'd note), heap +${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MB`);
});
