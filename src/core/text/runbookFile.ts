// Reading a runbook from disk with bounds: only regular files (never /dev/zero, a FIFO or a
// socket, which would block or grow memory without end), and at most MAX_RUNBOOK_BYTES. Used by
// the CLI and by the language server's workspace index. The size is checked on the open file
// (fstat) and again while reading, so a file that grows meanwhile cannot exceed it either.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** 10 MiB: far above any hand-written runbook (the largest sample is ~40 KB). */
export const MAX_RUNBOOK_BYTES = 10 * 1024 * 1024;

export type RunbookRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string; readonly code?: string };

export function readRunbookText(path: string, maxBytes = MAX_RUNBOOK_BYTES): RunbookRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise hang here.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'no such file; check the path' : `cannot read (${code ?? 'error'}); check its permissions`, ...(code ? { code } : {}) };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { ok: false, reason: 'is a directory; give a Markdown file', code: 'EISDIR' };
    if (!info.isFile()) return { ok: false, reason: 'is not a regular file (a device, pipe or socket); give a Markdown file', code: 'ENOTREG' };
    const limit = `runbooks are limited to ${formatMiB(maxBytes)}`;
    if (info.size > maxBytes) return { ok: false, reason: `is ${formatMiB(info.size)}; ${limit}`, code: 'EFBIG' };
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) return { ok: false, reason: `grew past ${formatMiB(maxBytes)} while being read; ${limit}`, code: 'EFBIG' };
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: `cannot read (${code ?? 'error'}); check its permissions`, ...(code ? { code } : {}) };
  } finally {
    closeSync(fd);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}
