// The newest bytes of a step's output, up to a budget, with the stream each came from, copied
// into one buffer. The pipe readers hand the capture a buffer they reuse for the next read
// (liveShell.ts), so whatever is kept must be a copy; a copy per read, like holding each read's
// own Buffer, would leave a 64 KiB allocation outside V8's heap per read waiting for a
// collection (the run host's peak RSS during a flood, docs/performance.md). One buffer per
// capture instead, grown as output arrives up to twice the budget: bytes are appended, and when
// the end is reached the newest `limit` bytes move to the front (each byte moves at most once
// per `limit` bytes appended), so the bytes kept are always contiguous and a stream's run is one
// view (one decode, no joining). A step that prints nothing allocates nothing.
import type { OutputStream } from './types';

export interface Piece {
  readonly stream: OutputStream;
  readonly data: Buffer;
}

/** A run of consecutive bytes from one stream. */
interface Run {
  readonly stream: OutputStream;
  length: number;
}

const MIN_CAPACITY = 16 * 1024;
const EMPTY = Buffer.alloc(0);

export class RecentBytes {
  private buf: Buffer = EMPTY;
  /** The bytes kept are buf[start, end). */
  private start = 0;
  private end = 0;
  /** Oldest first; their lengths add up to end − start. */
  private runs: Run[] = [];
  /** Bytes pushed and no longer kept (the oldest ones). */
  dropped = 0;

  constructor(private readonly limit: number) {}

  /** Bytes kept now (at most the limit). */
  get length(): number {
    return this.end - this.start;
  }

  /** Copies `data` in (the caller may reuse it as soon as this returns), dropping the oldest bytes over the limit. */
  push(stream: OutputStream, data: Buffer): void {
    let bytes = data;
    if (bytes.length > this.limit) {
      this.dropped += bytes.length - this.limit;
      bytes = bytes.subarray(bytes.length - this.limit);
    }
    if (bytes.length === 0) return;
    const over = this.length + bytes.length - this.limit;
    if (over > 0) this.dropOldest(over);
    if (this.end + bytes.length > this.buf.length) this.makeRoom(bytes.length);
    this.end += bytes.copy(this.buf, this.end);
    const last = this.runs[this.runs.length - 1];
    if (last && last.stream === stream) last.length += bytes.length;
    else this.runs.push({ stream, length: bytes.length });
  }

  /** The newest `count` bytes (all by default) in order, one piece per stream run: views to use before the next push. */
  newest(count = this.length): Piece[] {
    let want = Math.min(count, this.length);
    const out: Piece[] = [];
    let end = this.end;
    for (let i = this.runs.length - 1; i >= 0 && want > 0; i--) {
      const run = this.runs[i]!;
      const take = Math.min(run.length, want);
      out.push({ stream: run.stream, data: this.buf.subarray(end - take, end) });
      want -= take;
      end -= run.length;
    }
    return out.reverse();
  }

  private dropOldest(count: number): void {
    this.dropped += count;
    this.start += count;
    let left = count;
    while (left > 0) {
      const first = this.runs[0]!;
      if (first.length <= left) {
        left -= first.length;
        this.runs.shift();
      } else {
        first.length -= left;
        left = 0;
      }
    }
  }

  /** Room for `incoming` more bytes after the kept ones: the kept bytes move to the front, into a larger buffer if needed. */
  private makeRoom(incoming: number): void {
    const kept = this.length;
    const needed = kept + incoming;
    // At most twice the limit: the kept bytes (≤ limit) plus a read (≤ limit) always fit, and
    // a move happens at most once per `limit` bytes appended.
    const target = needed <= this.buf.length / 2 ? this.buf : Buffer.allocUnsafe(Math.min(2 * this.limit, Math.max(2 * needed, MIN_CAPACITY)));
    this.buf.copy(target, 0, this.start, this.end);
    this.buf = target;
    this.start = 0;
    this.end = kept;
  }
}
