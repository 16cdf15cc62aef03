// A step attempt's output: masked, written to its file as it arrives, hashed incrementally, a
// bounded tail kept in memory, and coalesced chunks for listeners. Memory stays bounded whatever
// the step prints: file writes are synchronous (nothing queues; while we write, the pipe fills
// and the step waits), and the tail and the not-yet-flushed listener chunks are each capped.
// Synchronous writes of ≤ 64 KB pipe reads to the page cache were measured faster than a
// WriteStream, and keep per-step overhead low (no open/close event-loop round trips). The file is
// created with the first byte to write: a step that prints nothing leaves no empty file (the
// session records its output as empty), and does not pay for a create on the session's disk,
// which waits behind the journal commit of the fsync just before it (~0.4 ms a step on ext4).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretMasker } from './secretMasker';
import type { OutputChunk, OutputStream, OutputSummary } from './types';
import type { OutputSink } from './stepProcess';

interface Piece {
  readonly stream: OutputStream;
  readonly data: Buffer;
}

export interface CaptureOptions {
  /** The output file; undefined keeps output in memory only (tail). */
  readonly path?: string;
  readonly secrets: readonly string[];
  readonly tailBytes: number;
  readonly intervalMs: number;
  readonly onChunks: (chunks: readonly OutputChunk[]) => void;
  /** The output file could not be written (full disk, file system gone read-only): stop the step. */
  readonly onWriteError?: (error: Error) => void;
}

// Each attempt writes a new file: O_EXCL + O_NOFOLLOW, so a file or symlink planted in its place
// (in a session directory someone tampered with) is an error, never written through.
const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Opens for writing, creating the directory only when it is missing (the common case is one syscall). */
function openFile(path: string): number {
  try {
    return openSync(path, NEW_FILE, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, NEW_FILE, 0o600);
  }
}

export class OutputCapture implements OutputSink {
  private readonly maskers: Record<OutputStream, SecretMasker>;
  private readonly hash: Hash = createHash('sha256');
  private fd?: number;
  /** Whether the output file was created (at the first byte to write). */
  private created = false;
  private bytes = 0;
  private readonly tail = new BoundedPieces();
  private readonly pending = new BoundedPieces();
  private liveDecoders = decoders();
  private timer?: NodeJS.Timeout;
  private lastFlush = 0;
  /** Bytes dropped from `pending` since the last flush (told to listeners then), and in all. */
  private skippedSinceFlush = 0;
  private skipped = 0;
  /** Set when writing the output file failed; the file keeps what was written before. */
  writeError?: Error;

  constructor(private readonly options: CaptureOptions) {
    this.maskers = { stdout: new SecretMasker(options.secrets), stderr: new SecretMasker(options.secrets) };
  }

  write(stream: OutputStream, raw: Buffer): boolean {
    const data = this.maskers[stream].push(raw);
    return data.length === 0 ? true : this.accept(stream, data);
  }

  onceDrain(callback: () => void): void {
    callback(); // writes are synchronous: never paused
  }

  /** Flushes maskers, listeners and the file; returns the summary and the decoded tail. */
  finish(): OutputSummary {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.maskers[stream].end();
      if (rest.length > 0) this.accept(stream, rest);
    }
    this.flush(true);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const tail = decodePieces(this.tail.take(), decoders(), true).map((c) => c.text).join('');
    return {
      ...(this.options.path && this.created ? { path: this.options.path } : {}),
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      tail,
      truncated: this.tail.dropped > 0,
      ...(this.skipped > 0 ? { skippedBytes: this.skipped } : {}),
    };
  }

  private accept(stream: OutputStream, data: Buffer): boolean {
    this.bytes += data.length;
    this.hash.update(data);
    this.tail.push({ stream, data }, this.options.tailBytes);
    const before = this.pending.dropped;
    this.pending.push({ stream, data }, this.options.tailBytes);
    // Listeners fell behind and lost the middle: restart decoding cleanly, and tell them how much.
    if (this.pending.dropped !== before) {
      this.liveDecoders = decoders();
      this.skippedSinceFlush += this.pending.dropped - before;
      this.skipped += this.pending.dropped - before;
    }
    this.schedule();
    if (this.options.path !== undefined && this.writeError === undefined) {
      try {
        if (!this.created) {
          this.created = true;
          this.fd = openFile(this.options.path);
        }
        for (let off = 0; off < data.length; ) off += writeSync(this.fd!, data, off, data.length - off);
      } catch (error) {
        // ENOSPC, EROFS, EIO…: never an uncaught exception from a pipe's data event. Stop
        // writing (what is in the file stays), and let the step be stopped with the reason.
        const fd = this.fd;
        this.fd = undefined;
        if (fd !== undefined) try { closeSync(fd); } catch { /* already failing */ }
        this.writeError = new Error(`cannot write the output file ${this.options.path}: ${(error as Error).message}`, { cause: error });
        this.options.onWriteError?.(this.writeError);
      }
    }
    return true;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.options.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(final = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pieces = this.pending.take();
    // The interval runs from the end of a delivery, so a slow listener never gets the next one early.
    if (pieces.length === 0 && !final) {
      this.lastFlush = performance.now();
      return;
    }
    const chunks: OutputChunk[] = decodePieces(pieces, this.liveDecoders, final);
    if (this.skippedSinceFlush > 0) {
      const first = chunks[0] ?? { stream: 'stdout', text: '' };
      chunks[0] = { ...first, skippedBytes: this.skippedSinceFlush };
      this.skippedSinceFlush = 0;
    }
    if (chunks.length > 0) this.options.onChunks(chunks);
    this.lastFlush = performance.now();
  }
}

/** Pieces in arrival order, capped at a byte budget by dropping the oldest bytes. */
class BoundedPieces {
  private pieces: Piece[] = [];
  private size = 0;
  dropped = 0;

  push(piece: Piece, limit: number): void {
    this.pieces.push(piece);
    this.size += piece.data.length;
    while (this.size > limit && this.pieces.length > 0) {
      const first = this.pieces[0]!;
      const excess = this.size - limit;
      if (first.data.length <= excess) {
        this.pieces.shift();
        this.size -= first.data.length;
        this.dropped += first.data.length;
      } else {
        // A view, not a copy: it pins at most one pipe read (≤ 64 KB) beyond the budget.
        this.pieces[0] = { stream: first.stream, data: first.data.subarray(excess) };
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  take(): Piece[] {
    const out = this.pieces;
    this.pieces = [];
    this.size = 0;
    return out;
  }
}

const EMPTY = Buffer.alloc(0);

type Decoders = Record<OutputStream, TextDecoder>;

function decoders(): Decoders {
  return { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
}

/** Decodes (UTF-8, U+FFFD for invalid bytes) and merges neighbours from the same stream. */
function decodePieces(pieces: readonly Piece[], dec: Decoders, final = false): OutputChunk[] {
  const chunks: { stream: OutputStream; text: string }[] = [];
  const all: Piece[] = final ? [...pieces, { stream: 'stdout', data: EMPTY }, { stream: 'stderr', data: EMPTY }] : [...pieces];
  for (const [i, piece] of all.entries()) {
    // The two trailing empty pieces flush bytes of an incomplete character (as U+FFFD).
    const text = dec[piece.stream].decode(piece.data, { stream: !(final && i >= pieces.length) });
    if (text.length === 0) continue;
    const last = chunks[chunks.length - 1];
    if (last && last.stream === piece.stream) last.text += text;
    else chunks.push({ stream: piece.stream, text });
  }
  return chunks;
}
