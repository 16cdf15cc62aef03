// `npm run test:e2e`: every test/e2e/*.e2e.ts is a node:test file (Playwright drives a real VS
// Code or the webview; see test/harness/workbench.ts). They run one file at a time — each
// starts its own code-server or browser — and the counts are read from a TAP copy of the output.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './codeServer';
import { privateTmp } from './privateTmp';

export interface NodeTestOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly exitCode: number;
  readonly durationMs: number;
}

/**
 * Runs node:test files (tsx) with the spec reporter on the console; counts from the TAP copy.
 * Each test has `testTimeoutMs`; the whole run a deadline after which its process group is killed.
 */
export function runNodeTests(files: readonly string[], extraArgs: readonly string[] = [], testTimeoutMs = 180_000, deadlineMs = 15 * 60_000): Promise<NodeTestOutcome> {
  const started = Date.now();
  if (files.length === 0) return Promise.resolve({ passed: 0, failed: 0, exitCode: 0, durationMs: 0 });
  // The tests' own TMPDIR, removed with all they left in it; the TAP copy is kept beside it.
  const tmp = privateTmp('runbook-tests-');
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-tap-')), 'out.tap');
  const args = ['--import', 'tsx', '--test', `--test-timeout=${testTimeoutMs}`, ...extraArgs, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files];
  return new Promise((resolve) => {
    // Its own process group, so that test processes left behind end with it.
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true, env: tmp.env() });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const onSignal = () => killGroup('SIGTERM');
    const deadline = setTimeout(() => {
      console.error(`node --test did not finish within ${deadlineMs / 1000} s; stopping it.`);
      killGroup('SIGKILL');
    }, deadlineMs);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      killGroup('SIGKILL'); // anything a test left running
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      fs.rmSync(path.dirname(tap), { recursive: true, force: true });
      tmp.remove();
      const count = (name: string) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      const exitCode = code ?? (signal ? 1 : 0);
      const failed = count('fail') + count('cancelled');
      resolve({ passed: count('pass'), failed: exitCode !== 0 && failed === 0 ? 1 : failed, exitCode, durationMs: Date.now() - started });
    });
  });
}

export function e2eFiles(): string[] {
  const dir = path.join(ROOT, 'test', 'e2e');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => path.join('test', 'e2e', f)) : [];
}

if (require.main === module) {
  const filter = process.argv.slice(2);
  const files = e2eFiles().filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
  runNodeTests(files, ['--test-concurrency=1']).then((r) => process.exit(r.exitCode));
}
