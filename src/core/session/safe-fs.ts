// File-system primitives for writing inside a session directory that someone else may have
// tampered with: never follow a planted symlink, never leave a half-written file behind.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY } = constants;

/** A session directory (or a part of it) that is a link or not what it should be. */
export class TamperedSessionError extends Error {}

/** Creates a new file exclusively (O_EXCL: an existing file or planted symlink is an error, never followed). */
export function createExclusive(file: string, mode = 0o644): Promise<FileHandle> {
  return open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
}

/** Opens an existing file for reading without following a symlink (ELOOP when it is one). */
export function openNoFollow(file: string, flags = O_RDONLY): Promise<FileHandle> {
  return open(file, flags | O_NOFOLLOW);
}

/** Writes all of `data` (a nearly full disk may accept part of a write). */
export async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length; ) off += (await handle.write(data, off, data.length - off)).bytesWritten;
}

/** fsync of a directory, so a rename or a new entry in it survives a crash (best effort: not every file system allows it). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, O_RDONLY).catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** A temporary name next to `file` (same directory, so the final rename is atomic). */
export function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file atomically: a new temporary file next to it (O_EXCL), every chunk, fsync, then
 * rename over the target. A failure (a full disk) removes the temporary file and leaves whatever
 * was at `file` untouched; a symlink at `file` is replaced, never written through.
 */
export async function writeFileAtomic(file: string, write: (chunk: (data: string | Uint8Array) => Promise<void>) => Promise<void>, mode = 0o644): Promise<void> {
  const temp = tempNameFor(file);
  const handle = await createExclusive(temp, mode);
  try {
    try {
      await write((data) => writeAll(handle, typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(file));
}

/**
 * Refuses a session directory whose own parts are links: the directory itself, `outputs/`, and
 * every entry directly in them. Writing (or resuming) through such a link would write outside the
 * session; the check runs before anything is written, and every write also uses O_NOFOLLOW.
 */
export async function assertNoLinks(dir: string): Promise<void> {
  const refuse = (path: string, what: string): never => {
    throw new TamperedSessionError(`${path}: ${what}; this session directory was tampered with, so Runbook refuses to write to it (inspect it, then start a new session)`);
  };
  const top = await lstat(dir);
  if (top.isSymbolicLink()) refuse(dir, 'the session directory is a symbolic link');
  if (!top.isDirectory()) refuse(dir, 'not a directory');
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) refuse(path, 'is a symbolic link');
    if (entry.name === 'outputs') {
      if (!entry.isDirectory()) refuse(path, 'is not a directory');
      for (const out of await readdir(path, { withFileTypes: true })) {
        if (out.isSymbolicLink()) refuse(join(path, out.name), 'is a symbolic link');
        if (!out.isFile()) refuse(join(path, out.name), 'is not a regular file');
      }
    }
  }
}
