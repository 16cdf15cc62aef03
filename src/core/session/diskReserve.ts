// A little space held back on the session's disk for its log. A step that fills the disk with
// output is stopped with ENOSPC, and its end (failed, and why) must still reach the log; without a
// reserve that depends on whether the log's last block happens to have room. The log writer
// releases the reserve on its first ENOSPC and retries once; it removes it when the log closes.
// A session whose process was killed keeps its reserve until a resume closes the log again.
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Enough for a few hundred events (a step's end is ~0.5 KiB). */
export const RESERVE_BYTES = 64 * 1024;
export const RESERVE_FILE = 'space-reserve';

/** Makes the reserve in the session directory unless it is there; best effort (a full disk makes none). */
export function holdReserve(sessionDir: string): void {
  let fd: number | undefined;
  try {
    // 'wx': O_EXCL, so an existing file (or a link planted in its place) is left alone.
    fd = openSync(join(sessionDir, RESERVE_FILE), 'wx', 0o600);
    writeSync(fd, Buffer.alloc(RESERVE_BYTES));
  } catch {
    // There already, or no room for it: the log writes without one.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Frees the reserve; true when there was one to free. */
export function releaseReserve(sessionDir: string): boolean {
  try {
    unlinkSync(join(sessionDir, RESERVE_FILE));
    return true;
  } catch {
    return false;
  }
}
