// Child processes the harness starts: each runs detached in its own process group, so that
// stopping it also ends what it spawned (VS Code's file watcher, language servers, pty hosts).
// Every group still alive is ended on exit, on Ctrl-C / SIGTERM and on an uncaught error.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

const live = new Set<ChildProcess>();
const GRACE_MS = 3_000;

export function startGroup(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  installExitHandlers();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to the whole group, SIGKILL after a grace period; resolves when the group is gone. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = exitOf(child);
  const deadline = Date.now() + GRACE_MS;
  signalGroup(child, 'SIGTERM');
  await Promise.race([exited, delay(GRACE_MS)]);
  // The leader is gone (or late); members such as a file watcher may still be shutting down.
  while (groupAlive(pid) && Date.now() < deadline) await delay(50);
  if (groupAlive(pid)) signalGroup(child, 'SIGKILL');
  await exited;
  live.delete(child);
}

/** Synchronous last resort (process 'exit'): SIGKILL every group still alive. */
function killAllNow(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void Promise.all([...live].map(stopGroup)).finally(() => process.exit(130));
    });
  }
}

/** Resolves with the first line of the child's output that matches, or rejects when it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Output so far:\n${buffer.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(pattern);
      if (match) finish(undefined, match);
    };
    const onExit = (code: number | null) => finish(new Error(`${what}: the process exited (code ${code}) first. Output:\n${buffer.slice(-2000)}`));
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('close', onExit);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', onExit); // after the output is drained, unlike 'exit'
  });
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface LiveProcess {
  readonly pid: number;
  /** State letter from /proc/<pid>/stat (R, S, D, …). */
  readonly state: string;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  /** The command line, arguments joined by spaces. */
  readonly cmdline: string;
  /** Working directory, when this user may read it. */
  readonly cwd?: string;
}

/**
 * Every live process on the machine, from /proc (Linux): zombies and ones that vanish meanwhile
 * are left out. The one /proc walk of the tests (the executor has its own in processGroup.ts).
 */
export function liveProcesses(): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z' || rest[0] === 'X') continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      let cwd: string | undefined;
      try {
        cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        cwd = undefined;
      }
      found.push({ pid: Number(entry), state: rest[0]!, ppid: Number(rest[1]), pgid: Number(rest[2]), cmdline, ...(cwd ? { cwd } : {}) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
