// A step attempt's output: masked, written to its file as it arrives, hashed incrementally, a
// bounded tail kept in memory, and coalesced chunks for listeners. Memory stays bounded whatever
// the step prints: file writes are synchronous (nothing queues; while we write, the pipe fills
// and the step waits), and the tail — of which the not-yet-flushed listener share is the newest
// part — is one buffer of a fixed budget (recentBytes.ts). `write` borrows its bytes: the reader
// reuses its buffer for the next read, so nothing here holds on to them (the hash and the file
// take them at once, the tail copies them).
// Synchronous writes of ≤ 64 KB pipe reads to the page cache were measured faster than a
// WriteStream, and keep per-step overhead low (no open/close event-loop round trips). The file is
// created with the first byte to write: a step that prints nothing leaves no empty file (the
// session records its output as empty), and does not pay for a create on the session's disk,
// which waits behind the journal commit of the fsync just before it (~0.4 ms a step on ext4).
import { monotonicMs } from './timers';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RecentBytes, type Piece } from './recentBytes';
import { SecretMasker } from './secretMasker';
import type { OutputChunk, OutputStream, OutputSummary } from './types';
import type { OutputSink } from './stepProcess';
import { errorMessage } from '../text/errorMessage';

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
  /** The tail; its newest `unflushed` bytes are what listeners have not been given yet. */
  private readonly recent: RecentBytes;
  private unflushed = 0;
  private readonly liveDecoders = decoders();
  private timer?: NodeJS.Timeout;
  private lastFlush = 0;
  /** Bytes listeners lost (the oldest of their share, over the tail budget) since the last flush (told to them then), and in all. */
  private skippedSinceFlush = 0;
  private skipped = 0;
  /** Set when writing the output file failed; the file keeps what was written before. */
  writeError?: Error;

  constructor(private readonly options: CaptureOptions) {
    this.maskers = { stdout: new SecretMasker(options.secrets), stderr: new SecretMasker(options.secrets) };
    this.recent = new RecentBytes(options.tailBytes);
  }

  /** `raw` is only read during the call (the caller may reuse its buffer afterwards). */
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
    const tail = decodePieces(this.recent.newest(), decoders(), true).map((c) => c.text).join('');
    return {
      ...(this.options.path && this.created ? { path: this.options.path } : {}),
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      tail,
      truncated: this.recent.dropped > 0,
      ...(this.skipped > 0 ? { skippedBytes: this.skipped } : {}),
    };
  }

  private accept(stream: OutputStream, data: Buffer): boolean {
    // The file first: listeners are shown only what the file holds (a run killed right after
    // showing a line still has it on record), and the digest and count are those of the file.
    if (this.options.path !== undefined) {
      if (this.writeError !== undefined) return true;
      const written = this.writeFile(data);
      if (written < data.length) data = data.subarray(0, written);
      if (data.length === 0) return true;
    }
    this.bytes += data.length;
    this.hash.update(data);
    this.recent.push(stream, data);
    this.unflushed += data.length;
    // Listeners fell behind and lost the middle: restart decoding cleanly, and tell them how much.
    if (this.unflushed > this.recent.length) {
      const lost = this.unflushed - this.recent.length;
      this.unflushed = this.recent.length;
      this.skippedSinceFlush += lost;
      this.skipped += lost;
    }
    this.schedule();
    return true;
  }

  /** Writes `data` to the output file; returns how many bytes of it are there (all, unless it failed). */
  private writeFile(data: Buffer): number {
    let off = 0;
    try {
      if (!this.created) {
        this.created = true;
        this.fd = openFile(this.options.path!);
      }
      while (off < data.length) off += writeSync(this.fd!, data, off, data.length - off);
    } catch (error) {
      // ENOSPC, EROFS, EIO…: never an uncaught exception from a pipe's data event. Stop
      // writing (what is in the file stays), and let the step be stopped with the reason.
      const fd = this.fd;
      this.fd = undefined;
      if (fd !== undefined) try { closeSync(fd); } catch { /* already failing */ }
      this.writeError = new Error(`cannot write the output file ${this.options.path}: ${errorMessage(error)}`, { cause: error });
      this.options.onWriteError?.(this.writeError);
    }
    return off;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.options.intervalMs - monotonicMs());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(final = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Views of the tail's buffer, decoded before anything else is pushed.
    const pieces = this.recent.newest(this.unflushed);
    this.unflushed = 0;
    // After a gap, decoding restarts cleanly (what the decoders held belonged before it).
    if (this.skippedSinceFlush > 0) for (const d of Object.values(this.liveDecoders)) d.decode();
    // The interval runs from the end of a delivery, so a slow listener never gets the next one early.
    if (pieces.length === 0 && !final) {
      this.lastFlush = monotonicMs();
      return;
    }
    const chunks: OutputChunk[] = decodePieces(pieces, this.liveDecoders, final);
    if (this.skippedSinceFlush > 0) {
      const first = chunks[0] ?? { stream: 'stdout', text: '' };
      chunks[0] = { ...first, skippedBytes: this.skippedSinceFlush };
      this.skippedSinceFlush = 0;
    }
    if (chunks.length > 0) this.options.onChunks(chunks);
    this.lastFlush = monotonicMs();
  }
}

const EMPTY = Buffer.alloc(0);

type Decoders = Record<OutputStream, TextDecoder>;

function decoders(): Decoders {
  return { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
}

/**
 * Decodes (UTF-8, U+FFFD for invalid bytes) and merges neighbours from the same stream. A merged
 * chunk is joined once into a flat string: a chain of `+=` would be copied again by the first
 * listener that slices or measures it (large strings live in V8's large-object space until a
 * full collection).
 */
function decodePieces(pieces: readonly Piece[], dec: Decoders, final = false): OutputChunk[] {
  const runs: { stream: OutputStream; texts: string[] }[] = [];
  const all: Piece[] = final ? [...pieces, { stream: 'stdout', data: EMPTY }, { stream: 'stderr', data: EMPTY }] : [...pieces];
  for (const [i, piece] of all.entries()) {
    // The two trailing empty pieces flush bytes of an incomplete character (as U+FFFD).
    const text = dec[piece.stream].decode(piece.data, { stream: !(final && i >= pieces.length) });
    if (text.length === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last.stream === piece.stream) last.texts.push(text);
    else runs.push({ stream: piece.stream, texts: [text] });
  }
  return runs.map((r) => ({ stream: r.stream, text: r.texts.length === 1 ? r.texts[0]! : r.texts.join('') }));
}
