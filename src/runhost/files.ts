// The run host's files inside a session directory (socket, host.json) and the checks both sides
// make on them: owned by us, not a link, no group/other permission. Plus the /proc look-ups that
// tell a live host from a reused pid and find a dead host's step processes.
import { removeFile } from '../core/executor/removeFile';
import { closeSync, constants, lstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { carriesEnv, listProcesses, liveStartTime, pidExists } from '../core/executor/processes';
import { HOST_INFO_FILE, SOCKET_FILE, STEP_MARK_VAR, type HostInfo } from './protocol';

/** sun_path holds 108 bytes on Linux (104 on macOS); keep a margin. */
const MAX_SOCKET_PATH = 100;

/**
 * The address to bind or connect the session's socket. A session directory deep in a workspace
 * can make `<dir>/host.sock` longer than a socket path may be; then the directory is opened and
 * the socket reached as `/proc/self/fd/N/host.sock` (Linux), which names the same file.
 */
export function socketAddress(dir: string): { readonly path: string; close(): void } {
  const direct = join(dir, SOCKET_FILE);
  if (Buffer.byteLength(direct) <= MAX_SOCKET_PATH || process.platform !== 'linux') return { path: direct, close: () => undefined };
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  return { path: `/proc/self/fd/${fd}/${SOCKET_FILE}`, close: () => closeSync(fd) };
}

/**
 * Refuses a path that another user could have made or can reach: it must be ours (same uid), not
 * a symbolic link, and have no group/other permission bits (directory 0700, socket 0600). This is
 * how a client knows the socket belongs to a host of its own user, and a host that only its own
 * user can connect (Node has no SO_PEERCRED; the file system permissions do the peer check).
 */
export function checkPrivate(path: string, kind: 'directory' | 'socket'): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) throw new Error(`${path} is a symbolic link; refusing to use it as the run host's ${kind}`);
  if (kind === 'directory' ? !st.isDirectory() : !st.isSocket()) throw new Error(`${path} is not a ${kind}`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${path} belongs to uid ${st.uid}, not to you (uid ${uid}); refusing to talk to another user's run host`);
  if ((st.mode & 0o077) !== 0) throw new Error(`${path} is accessible to other users (mode ${(st.mode & 0o777).toString(8)}); expected ${kind === 'directory' ? '0700' : '0600'}`);
}

export function readHostInfo(dir: string): HostInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dir, HOST_INFO_FILE), 'utf8')) as HostInfo;
    return typeof info.pid === 'number' && typeof info.startTime === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Temp file + rename: a reader never sees half a file. */
export function writeHostInfo(dir: string, info: HostInfo): void {
  const temp = join(dir, `.${HOST_INFO_FILE}.${process.pid}`);
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  renameSync(temp, join(dir, HOST_INFO_FILE));
}

export function removeHostFiles(dir: string): void {
  removeFile(join(dir, HOST_INFO_FILE));
  removeFile(join(dir, SOCKET_FILE));
}

/** The start time (clock ticks since boot) of a live process; '' where there is no /proc. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux') return '';
  return liveStartTime(pid)?.toString();
}

/** The host named in host.json is running (same pid and the same start time: not a reused pid). */
export function hostAlive(info: HostInfo): boolean {
  if (!pidExists(info.pid)) return false;
  const start = processStartTime(info.pid);
  return start !== undefined && (start === '' || start === info.startTime);
}

/** Now, in the clock ticks of /proc/PID/stat's start time (USER_HZ is 100 on Linux). */
export function ticksSinceBoot(): number {
  try {
    return Math.floor(Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]) * 100);
  } catch {
    return 0;
  }
}

/** Live processes (other than this one) whose environment carries the session's step mark; `since`: started at or after these ticks. */
export function markedProcesses(sessionId: string, since = 0): number[] {
  return listProcesses()
    .filter((p) => p.pid !== process.pid && p.startTime >= since && carriesEnv(p.pid, STEP_MARK_VAR, sessionId))
    .map((p) => p.pid);
}
