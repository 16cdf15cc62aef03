// The one place that reads Linux's /proc: list live processes (pid, parent, group, start time,
// command line), read a process's environment, find processes carrying a step's token, and
// signal a list of processes safely (a pid is signalled only while it still has the start time
// we saw, so a recycled pid is never hit), and tell whether a process waits to read its stdin (a
// live shell waiting for its next line). Elsewhere (macOS, Windows) the list is empty.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

/** Environment variable that marks every process a step starts, whatever it does to its ancestry. */
export const STEP_TOKEN_VAR = 'RUNBOOK_STEP_TOKEN';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Single-letter state from /proc/PID/stat (R, S, D, Z, T, …). */
  readonly state: string;
  /** Start time in clock ticks after boot: with the pid it names one process for its whole life. */
  readonly startTime: number;
  /** NUL-separated arguments joined by spaces; only when asked for (it costs one more read each). */
  readonly cmdline?: string;
}

/** A process as signalled: the pid plus the start time that proves it is still the same process. */
export interface ProcessRef {
  readonly pid: number;
  readonly startTime: number;
}

const hasProc = process.platform === 'linux';
const statBuffer = Buffer.alloc(4096);

/** open + read + close into a shared buffer: ~3× cheaper than readFileSync for /proc files. */
function readSmall(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, statBuffer, 0, statBuffer.length, null);
    return statBuffer.toString('latin1', 0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads /proc/PID/stat; undefined when the process is gone (or there is no /proc). */
export function readProcess(pid: number, withCmdline = false): ProcessInfo | undefined {
  if (!hasProc) return undefined;
  try {
    const stat = readSmall(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const info = { pid, state: f[0]!, ppid: Number(f[1]), pgid: Number(f[2]), startTime: Number(f[19]) };
    if (!withCmdline) return info;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').split('\0').join(' ');
    return { ...info, cmdline };
  } catch {
    return undefined;
  }
}

export interface ListOptions {
  readonly cmdline?: boolean;
  readonly zombies?: boolean;
  /**
   * Only processes started after this one (it included): pids are allocated in increasing order
   * (wrapping at pid_max), so only pids allocated since are read, and the start time confirms.
   * Keeps the per-step scans cheap: a few reads instead of one per process on the machine.
   */
  readonly since?: ProcessRef;
}

/** At most this many pids are probed one by one; a wider range is listed from /proc instead. */
const PROBE_LIMIT = 256;

/** Every process in /proc (or those started since `options.since`), zombies excluded unless asked for. */
export function listProcesses(options: ListOptions = {}): ProcessInfo[] {
  if (!hasProc) return [];
  const since = options.since;
  const pids = since ? pidsAllocatedSince(since.pid) : allPids();
  const out: ProcessInfo[] = [];
  for (const pid of pids) {
    const info = readProcess(pid, options.cmdline);
    if (!info || (!options.zombies && isDead(info))) continue;
    if (since && info.startTime < since.startTime) continue; // an older process with a recycled pid
    out.push(info);
  }
  return out;
}

function allPids(): number[] {
  try {
    return readdirSync('/proc').filter((e) => e.charCodeAt(0) <= 57).map(Number);
  } catch {
    return [];
  }
}

/** The last pid the kernel allocated in this pid namespace; undefined when it cannot be read. */
export function lastAllocatedPid(): number | undefined {
  if (!hasProc) return undefined;
  try {
    const last = Number(readSmall('/proc/sys/kernel/ns_last_pid').trim());
    return Number.isInteger(last) && last > 0 ? last : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pids that may have been allocated since `pid` (it included): pids are allocated in increasing
 * order, wrapping at pid_max. A short range is probed pid by pid (a step that started no process
 * costs one read, not a listing of /proc); otherwise /proc is listed and filtered, with the last pid
 * read after the listing so nothing listed is left out.
 */
function pidsAllocatedSince(pid: number): number[] {
  const before = lastAllocatedPid();
  // `before` = pid - 1: nothing allocated yet. A short range: probed one by one.
  if (before !== undefined && before >= pid - 1 && before - pid < PROBE_LIMIT) {
    return Array.from({ length: before - pid + 1 }, (_, i) => pid + i);
  }
  const pids = allPids();
  const last = lastAllocatedPid();
  if (last === undefined) return pids;
  // No wrap since `pid`: everything above it. Wrapped: above it, or up to the last allocated.
  return last >= pid - 1 ? pids.filter((p) => p >= pid) : pids.filter((p) => p >= pid || p <= last);
}

/** The raw environment block of a process (NUL-separated NAME=VALUE); undefined when unreadable. */
export function readEnviron(pid: number): Buffer | undefined {
  if (!hasProc) return undefined;
  try {
    return readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined; // gone, or another user's process
  }
}

/** Whether the process's environment holds the entry NAME=value (a whole entry, not a suffix of another). */
export function carriesEnv(pid: number, name: string, value: string): boolean {
  const env = readEnviron(pid);
  if (env === undefined) return false;
  const entry = Buffer.from(`${name}=${value}\0`);
  return env.subarray(0, entry.length).equals(entry) || env.includes(Buffer.concat([Buffer.from([0]), entry]));
}

/** Whether the process's environment holds RUNBOOK_STEP_TOKEN=token. */
export function carriesToken(pid: number, token: string): boolean {
  return carriesEnv(pid, STEP_TOKEN_VAR, token);
}

/** The start time of a live process (a zombie counts as dead); undefined when it is gone or there is no /proc. */
export function liveStartTime(pid: number): number | undefined {
  const info = readProcess(pid);
  return info && !isDead(info) ? info.startTime : undefined;
}

/** Whether a process with this pid exists, on any platform (EPERM: it does, another user's; a zombie counts). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether this exact process (pid + start time) still lives (zombies count as dead). */
export function isAlive(ref: ProcessRef): boolean {
  const now = readProcess(ref.pid);
  return now !== undefined && now.startTime === ref.startTime && !isDead(now);
}

/** Signals each process that is still the one we saw; returns those signalled. */
export function signalProcesses(refs: Iterable<ProcessRef>, signal: NodeJS.Signals | 0): ProcessRef[] {
  const hit: ProcessRef[] = [];
  for (const ref of refs) {
    if (!isAlive(ref)) continue;
    try {
      process.kill(ref.pid, signal);
      hit.push(ref);
    } catch {
      // exited meanwhile
    }
  }
  return hit;
}

/**
 * SIGTERM, then SIGKILL what is still alive after `graceMs`; resolves when all are gone (or
 * 1 s after the SIGKILL, for a process stuck in the kernel).
 */
export async function terminateProcesses(refs: readonly ProcessRef[], graceMs: number): Promise<void> {
  let alive = signalProcesses(refs, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.length > 0 && Date.now() < deadline) {
    await delay(10);
    alive = alive.filter(isAlive);
  }
  if (alive.length === 0) return;
  alive = signalProcesses(alive, 'SIGKILL');
  const hardDeadline = Date.now() + 1000;
  while (alive.length > 0 && Date.now() < hardDeadline) {
    await delay(10);
    alive = alive.filter(isAlive);
  }
}

function isDead(p: ProcessInfo): boolean {
  return p.state === 'Z' || p.state === 'X';
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The `read` system call's number where /proc/PID/syscall shows it (x86-64, arm64, 32-bit x86/arm). */
const READ_SYSCALL: Readonly<Record<string, string>> = { x64: '0', arm64: '63', ia32: '3', arm: '3' };

/** What a process's fd points at (`pipe:[123]`, a path); undefined when unreadable. */
export function fdTarget(pid: number, fd: number): string | undefined {
  if (!hasProc) return undefined;
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Whether the process sits in read(2) on its fd 0 and fd 0 still is `stdin` (a shell waiting for
 * its next command line). /proc/PID/syscall where readable (the process is our child), else the
 * wait channel; undefined when neither tells.
 */
export function waitsOnStdin(pid: number, stdin: string): boolean | undefined {
  if (!hasProc) return undefined;
  if (fdTarget(pid, 0) !== stdin) return false;
  const read = READ_SYSCALL[process.arch];
  try {
    if (read !== undefined) {
      const [nr, fd] = readSmall(`/proc/${pid}/syscall`).split(' ');
      return nr === read && fd === '0x0';
    }
  } catch {
    // not ours to trace: fall back to the wait channel
  }
  try {
    return /pipe_read|pipe_wait/.test(readSmall(`/proc/${pid}/wchan`));
  } catch {
    return undefined;
  }
}
