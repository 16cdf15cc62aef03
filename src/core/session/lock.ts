// A session directory is written by one process at a time: `session.lock` names the writer
// (pid, its start time from /proc, boot id, host, since when). Taking it is atomic: the lock is
// written whole to a private file and then hard-linked to `session.lock` (link fails when the name
// exists, whatever it is; it never follows a symlink). A stale lock (its process is gone, or the
// pid now belongs to another process: a different start time) is taken over by renaming a new
// lock over it, but only by the one process that first claims that stale lock by name (an O_EXCL
// `session.lock.takeover-<digest of the stale lock>`), so two resumes racing for a stale lock
// cannot both win: there is never a moment where the lock is deleted and not yet recreated.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pidExists, readProcess } from '../executor/processes';
import { LOCK_FILE } from './events';
import { createExclusive, openNoFollow, syncDir, writeAll } from './safe-fs';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22), when known. */
  readonly start?: string;
  readonly boot?: string;
  /** ISO time the lock was taken. */
  readonly since?: string;
  /** Makes every lock's bytes unique (its takeover claim is named by their digest). */
  readonly nonce?: string;
}

/** Another live process holds the session: the message names it (pid, host, since). */
export class SessionLockedError extends Error {
  constructor(readonly dir: string, readonly holder: LockInfo) {
    super(`${dir}: the session is being written by process ${holder.pid} on ${holder.host}${holder.since ? ` since ${holder.since}` : ''}; finish or close that run first (or start a new session)`);
  }
}

/** The start time of a process, from /proc (Linux); undefined elsewhere or when it is gone. */
export function processStart(pid: number): string | undefined {
  return readProcess(pid)?.startTime.toString();
}

let bootId: string | undefined;
function currentBoot(): string | undefined {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
  } catch {
    bootId = undefined;
  }
  return bootId;
}

/** Whether the process that wrote the lock still runs (a lock from another host counts as live). */
function isLive(lock: LockInfo): boolean {
  if (lock.host !== hostname()) return true;
  if (lock.boot && currentBoot() && lock.boot !== currentBoot()) return false;
  if (!pidExists(lock.pid)) return false;
  // The pid exists, but is it still the writer? A recycled pid has another start time.
  const start = lock.start !== undefined ? processStart(lock.pid) : undefined;
  return lock.start === undefined || start === undefined || start === lock.start;
}

/** The lock's bytes (never through a symlink), or undefined when there is none. */
async function readLockBytes(dir: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await openNoFollow(join(dir, LOCK_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // A symlink (ELOOP) or something unreadable in place of the lock: it locks nothing.
    return Buffer.from(`unreadable:${code ?? ''}`);
  }
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function parseLock(bytes: Buffer | undefined): LockInfo | undefined {
  if (!bytes) return undefined;
  try {
    const info = JSON.parse(bytes.toString('utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

export async function readLock(dir: string): Promise<LockInfo | undefined> {
  return parseLock(await readLockBytes(dir));
}

/** The holder when another live process holds the session (a lock from another host counts as live). */
export async function isLockedByLiveProcess(dir: string): Promise<LockInfo | undefined> {
  const lock = await readLock(dir);
  return lock && isLive(lock) ? lock : undefined;
}

/** This process's lock, written whole and fsync'd under a private name. */
async function writeOwnLock(dir: string): Promise<{ file: string; bytes: Buffer }> {
  const start = processStart(process.pid);
  const boot = currentBoot();
  const info: LockInfo = {
    pid: process.pid, host: hostname(), ...(start ? { start } : {}), ...(boot ? { boot } : {}),
    since: new Date().toISOString(), nonce: randomBytes(8).toString('hex'),
  };
  const bytes = Buffer.from(JSON.stringify(info));
  const file = join(dir, `${LOCK_FILE}.${process.pid}-${info.nonce}`);
  const handle = await createExclusive(file, 0o644);
  try {
    await writeAll(handle, bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { file, bytes };
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

/**
 * Takes the session's lock or throws SessionLockedError naming the live holder. A lock held by
 * this very process (the extension host re-opening its own session) is taken over.
 */
export async function takeLock(dir: string): Promise<void> {
  const lockFile = join(dir, LOCK_FILE);
  const own = await writeOwnLock(dir);
  try {
    for (let tries = 0; tries < 20; tries++) {
      try {
        await link(own.file, lockFile);
        await syncDir(dir);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = await readLockBytes(dir);
      if (!seen) continue; // released meanwhile: try again
      const holder = parseLock(seen);
      if (holder && isLive(holder) && !(holder.pid === process.pid && holder.host === hostname())) throw new SessionLockedError(dir, holder);
      // Stale (or not a lock at all): only the process that claims this exact lock may replace it.
      const claim = `${lockFile}.takeover-${digest(seen)}`;
      let claimed;
      try {
        claimed = await createExclusive(claim, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        continue; // another process is taking it over: look again (it will be live, or gone)
      }
      await claimed.close();
      try {
        // Still the same stale lock? (A lock, once replaced, never comes back: its nonce is unique.)
        const now = await readLockBytes(dir);
        if (now && now.equals(seen)) {
          await rename(own.file, lockFile);
          await syncDir(dir);
          return;
        }
      } finally {
        await unlink(claim).catch(() => undefined);
      }
    }
    throw new Error(`${dir}: could not take the session lock (it kept changing); if no other process writes this session, remove ${lockFile} and any ${LOCK_FILE}.takeover-* file, then try again`);
  } finally {
    await unlink(own.file).catch(() => undefined);
  }
}

/** Removes the lock if it is this process's (never another writer's that took over meanwhile). */
export async function releaseLock(dir: string): Promise<void> {
  const lock = await readLock(dir);
  if (!lock || lock.pid !== process.pid || lock.host !== hostname()) return;
  await unlink(join(dir, LOCK_FILE)).catch(() => undefined);
}
