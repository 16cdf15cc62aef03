// A session directory is written by one process at a time: `session.lock` holds its pid and
// host. A lock whose process is gone (crash, kill -9) is stale and may be taken over.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { LOCK_FILE } from './events';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(dir: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** True when another live process holds the session (a lock from another host counts as live). */
export async function isLockedByLiveProcess(dir: string): Promise<LockInfo | undefined> {
  const lock = await readLock(dir);
  if (!lock) return undefined;
  if (lock.host !== hostname()) return lock;
  return alive(lock.pid) ? lock : undefined;
}

export async function takeLock(dir: string, create: boolean): Promise<void> {
  const held = await isLockedByLiveProcess(dir);
  if (held && held.pid !== process.pid) {
    throw new Error(`${dir}: the session is being written by process ${held.pid} on ${held.host}; finish or close that run first`);
  }
  // Remove, then create exclusively: a `session.lock` planted as a symlink is replaced, never
  // followed (writing through it would overwrite any file the resuming user can write).
  if (!create) await rm(join(dir, LOCK_FILE), { force: true });
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname() }), { flag: 'wx' });
}

export async function releaseLock(dir: string): Promise<void> {
  await rm(join(dir, LOCK_FILE), { force: true });
}
