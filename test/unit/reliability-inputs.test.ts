// Big and odd inputs (issue 17, minor 13): `runbook lint|parse|run` refuse devices, FIFOs and
// files over the documented limit (10 MB) with one clear line and exit 2 — without reading them.
// Each CLI runs as a real process watched through /proc: it is killed (and the test fails) if its
// resident memory passes 300 MB or it has not answered within 20 s (a FIFO would block forever).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './reliability-cli';
import { MAX_RUNBOOK_BYTES } from '../../src/core/text/runbookFile';

const RSS_LIMIT_KB = 300 * 1024;

function watchedCli(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string; peakKb: number; killed?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let peakKb = 0;
    let killed: string | undefined;
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.stdout.resume();
    const started = Date.now();
    const watch = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
        if (kb > RSS_LIMIT_KB) killed = `resident memory ${kb} kB`;
      } catch { /* exited */ }
      if (!killed && Date.now() - started > 20_000) killed = 'no answer after 20 s';
      if (killed) child.kill('SIGKILL');
    }, 20);
    child.once('close', (code) => {
      clearInterval(watch);
      resolve({ code, stderr, peakKb, ...(killed ? { killed } : {}) });
    });
  });
}

test('lint /dev/zero, a FIFO and a file over the limit: refused at once with a clear message, memory bounded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-inputs-'));
  execFileSync('mkfifo', [join(dir, 'pipe.md')]);
  writeFileSync(join(dir, 'huge.md'), Buffer.alloc(MAX_RUNBOOK_BYTES + 1, 'a'));
  writeFileSync(join(dir, 'ok.md'), '# Fine\n\n```bash\necho hi\n```\n');
  const cases: [string[], RegExp][] = [
    [['lint', '/dev/zero'], /\/dev\/zero: is not a regular file \(a device, pipe or socket\)/],
    [['parse', '/dev/zero'], /\/dev\/zero: is not a regular file/],
    [['run', '/dev/zero', '--sessions', join(dir, 's')], /\/dev\/zero: is not a regular file/],
    [['lint', 'pipe.md'], /pipe\.md: is not a regular file/],
    [['lint', 'huge.md'], /huge\.md: is 10\.0 MB; runbooks are limited to 10 MB/],
  ];
  for (const [args, message] of cases) {
    const r = await watchedCli(args, dir);
    assert.equal(r.killed, undefined, `${args.join(' ')}: ${r.killed}`);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.ok(r.peakKb < RSS_LIMIT_KB, `${args.join(' ')} peaked at ${r.peakKb} kB`);
  }
  // A normal file next to them still lints.
  const ok = await watchedCli(['lint', 'ok.md'], dir);
  assert.equal(ok.code, 0, ok.stderr);
});
