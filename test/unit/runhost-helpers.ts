// Helpers for the run host tests: a workspace with a runbook, waiting on the session log (never
// on time), and /proc scans for run hosts and for processes carrying a session's step mark.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOST_ARG, startRunHost, type StartedRunHost } from '../../src/runhost/launch';
import { markedProcesses } from '../../src/runhost/files';
import { liveProcesses, runHostBundle } from './reliability-cli';

const ROOT = resolve(__dirname, '..', '..');

export interface Book {
  readonly dir: string;
  readonly file: string;
  readonly sessions: string;
}

export function book(markdown: string): Book {
  const dir = mkdtempSync(join(tmpdir(), 'rb-runhost-'));
  writeFileSync(join(dir, 'book.md'), markdown);
  return { dir, file: join(dir, 'book.md'), sessions: join(dir, 'sessions') };
}

/** Resolves when `check` returns a value; polls the file system every 25 ms (fails after 60 s). */
export async function until<T>(what: string, check: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function sessionDirOf(b: Book): Promise<string> {
  return until('the session directory', () => {
    if (!existsSync(b.sessions)) return undefined;
    const dirs = readdirSync(b.sessions).filter((d) => statSync(join(b.sessions, d)).isDirectory());
    return dirs.length === 1 ? join(b.sessions, dirs[0]!) : undefined;
  });
}

export interface LoggedEvent {
  readonly type: string;
  readonly stepId?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly text?: string;
}

export function events(sessionDir: string): LoggedEvent[] {
  try {
    return readFileSync(join(sessionDir, 'events.jsonl'), 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as LoggedEvent);
  } catch {
    return [];
  }
}

/** Waits until the session log holds an event matching `match`. */
export function untilLogged(sessionDir: string, what: string, match: (e: LoggedEvent) => boolean): Promise<LoggedEvent> {
  return until(what, () => events(sessionDir).find(match));
}

/** Run host processes started from this work tree's test bundle (or dist/runhost.js). */
export function runHosts(): { pid: number; cmdline: string }[] {
  const bundle = runHostBundle();
  return liveProcesses().filter((p) => p.cmdline.includes(HOST_ARG) && (p.cmdline.includes(bundle) || p.cmdline.includes(join(ROOT, 'dist', 'runhost.js'))));
}

/** Live processes carrying a session's step mark. */
export function stepProcesses(sessionId: string): number[] {
  return markedProcesses(sessionId);
}

/**
 * Per-file `after()`: no run host may outlive the tests; any found is killed and reported. A host
 * whose run just ended may still be exiting (`runbook run` returns once the session is released,
 * not once its host is gone): a few seconds are allowed for that.
 */
export async function noHostLeft(): Promise<void> {
  for (let i = 0; i < 60 && runHosts().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  const left = runHosts();
  for (const p of left) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  if (left.length) throw new Error(`run hosts left running: ${left.map((p) => `${p.pid} ${p.cmdline}`).join('; ')}`);
}

/** A run host as `runbook run` starts one: every step, with --yes, for a client that attaches (the caller). */
export function startRunForClient(b: Book, text: string): Promise<StartedRunHost> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return startRunHost({
    sessionsDir: b.sessions, runbookPath: b.file, runbookText: text, variables: {}, env, run: { mode: 'all' }, clientAttaches: true,
    tool: { name: 'test', version: '0' }, yes: true, checks: 'skip', unattended: 'block', waitLimitMs: 60_000, endSessionWhenRunEnds: true,
  });
}
