// Digests of an output file: the whole file, its first HEAD_BYTES and its last TAIL_BYTES bytes
// (so an export that shows only a head and a tail can still prove they are the recorded bytes).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sha256 } from './chain';
import { HEAD_BYTES, TAIL_BYTES } from './events';

export interface OutputDigest {
  readonly bytes: number;
  readonly headBytes: number;
  readonly tailBytes: number;
  readonly sha256: string;
  readonly headSha256: string;
  readonly tailSha256: string;
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  // 1 MiB reads: a 200 MB output is 200 event-loop turns, not 3,200 (the default is 64 KiB).
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The head and tail an export shows (together the whole output when it is short). Synchronous:
 * two reads of at most a few KiB from the page cache cost less than fs/promises' thread-pool round
 * trips (it runs at every step's end, digestWrittenOutput).
 */
export function readExcerpt(file: string, size?: number, headBytes = HEAD_BYTES, tailBytes = TAIL_BYTES): { head: Buffer; tail: Buffer; bytes: number } {
  const bytes = size ?? statSync(file).size;
  const headLen = Math.min(bytes, headBytes);
  const tailLen = Math.min(Math.max(bytes - headLen, 0), tailBytes);
  const head = Buffer.alloc(headLen);
  const tail = Buffer.alloc(tailLen);
  if (headLen === 0) return { head, tail, bytes };
  const fd = openSync(file, 'r');
  try {
    readFully(fd, head, 0);
    readFully(fd, tail, bytes - tailLen);
  } finally {
    closeSync(fd);
  }
  return { head, tail, bytes };
}

function readFully(fd: number, into: Buffer, position: number): void {
  for (let off = 0; off < into.length; ) {
    const n = readSync(fd, into, off, into.length - off, position + off);
    if (n === 0) throw new Error('the output file is shorter than its recorded size');
    off += n;
  }
}

export async function digestOutput(file: string, size?: number): Promise<OutputDigest> {
  const bytes = size ?? (await stat(file)).size;
  return digestOf(bytes, await fileSha256(file), readExcerpt(file, bytes));
}

/** An output's digest: its size, the SHA-256 of all of it, and those of the head and tail an export shows. */
function digestOf(bytes: number, whole: string, excerpt: { readonly head: Buffer; readonly tail: Buffer }): OutputDigest {
  return { bytes, headBytes: HEAD_BYTES, tailBytes: TAIL_BYTES, sha256: whole, headSha256: sha256(excerpt.head), tailSha256: sha256(excerpt.tail) };
}

export const EMPTY_DIGEST: OutputDigest = { bytes: 0, headBytes: HEAD_BYTES, tailBytes: TAIL_BYTES, sha256: sha256(''), headSha256: sha256(''), tailSha256: sha256('') };

/**
 * The digests of an output file the executor has just written and hashed as it wrote (its
 * OutputSummary): only the head and tail are read back, not the whole file a second time. When
 * the file's size is not what was written (a write failed part-way), the file itself is hashed.
 * `size`: the file's, when the caller has just stat'd it (the session does, to know it is a file).
 */
export async function digestWrittenOutput(file: string, written: { readonly bytes: number; readonly sha256: string } | undefined, size?: number): Promise<OutputDigest> {
  const bytes = size ?? statSync(file).size;
  if (!written || written.bytes !== bytes || !/^[0-9a-f]{64}$/.test(written.sha256)) return digestOutput(file, bytes);
  return digestOf(bytes, written.sha256, readExcerpt(file, bytes));
}
