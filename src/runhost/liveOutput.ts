// How much of a step's live output the run host sends its clients: everything while a step
// prints at a readable pace, a bounded share of a flood. A token bucket (a burst, then a steady
// rate) decides what goes out now; of what is over budget only a short tail is held back (sent
// when the budget allows or at the step's end, so the last lines always show) and the rest is
// counted as `skippedBytes` on the next chunk sent, which the printer reports as "… N not shown —
// full output: <file>". The output file and its hash always have every byte: this only spares
// the host JSON-encoding, and the clients decoding and printing, output nobody can read (issue 16).
import { monotonicMs } from '../core/executor/timers';
import type { OutputChunk } from '../core/executor/types';

export interface LiveBudget {
  /** Characters that may go out at once (a step printing less than this shows in full). */
  readonly burstChars: number;
  /** Characters per second after the burst. */
  readonly charsPerSecond: number;
  /** Characters of the newest output held back while over budget. */
  readonly heldChars: number;
}

export const LIVE_BUDGET: LiveBudget = { burstChars: 256 * 1024, charsPerSecond: 256 * 1024, heldChars: 16 * 1024 };

export class LiveOutput {
  private tokens: number;
  private last: number;
  private held: OutputChunk[] = [];
  private heldLength = 0;
  private skipped = 0;

  constructor(private readonly budget: LiveBudget = LIVE_BUDGET, private readonly now: () => number = monotonicMs) {
    this.tokens = budget.burstChars;
    this.last = now();
  }

  /** The chunks to send now (possibly none). */
  push(chunks: readonly OutputChunk[]): OutputChunk[] {
    const t = this.now();
    this.tokens = Math.min(this.budget.burstChars, this.tokens + ((t - this.last) / 1000) * this.budget.charsPerSecond);
    this.last = t;
    for (const c of chunks) this.hold(c);
    if (this.heldLength > this.tokens) {
      this.trimTo(this.budget.heldChars);
      if (this.heldLength > this.tokens) return [];
    }
    this.tokens -= this.heldLength;
    return this.release();
  }

  /** At the step's end: whatever is held, whatever the budget. */
  end(): OutputChunk[] {
    return this.release();
  }

  /**
   * Chunks are held as they come and joined only when released: a flood's chunks (256 KiB each)
   * are mostly trimmed away, and trimming a joined string would copy all of it first.
   */
  private hold(chunk: OutputChunk): void {
    // Skipped before the chunk arrived (the executor's own bound): the printer adds them all up.
    if (chunk.skippedBytes) this.skipped += chunk.skippedBytes;
    if (chunk.text.length === 0) return;
    this.held.push({ stream: chunk.stream, text: chunk.text });
    this.heldLength += chunk.text.length;
  }

  /** Drops the oldest held text down to `limit` characters, counting its bytes as skipped. */
  private trimTo(limit: number): void {
    while (this.heldLength > limit && this.held.length > 0) {
      const first = this.held[0]!;
      const excess = this.heldLength - limit;
      if (first.text.length <= excess) {
        this.held.shift();
        this.heldLength -= first.text.length;
        this.skipped += Buffer.byteLength(first.text, 'utf8');
        continue;
      }
      let cut = excess;
      // Never between the two halves of a surrogate pair (both would count as U+FFFD bytes).
      const code = first.text.charCodeAt(cut);
      if (code >= 0xdc00 && code <= 0xdfff) cut += 1;
      // Start the kept part on a new line when one begins soon after the cut.
      const nl = first.text.indexOf('\n', cut);
      if (nl >= 0 && nl < cut + 1024 && nl + 1 < first.text.length) cut = nl + 1;
      this.skipped += Buffer.byteLength(first.text.slice(0, cut), 'utf8');
      this.held[0] = { stream: first.stream, text: first.text.slice(cut) };
      this.heldLength -= cut;
      break;
    }
  }

  private release(): OutputChunk[] {
    const out: OutputChunk[] = [];
    for (const c of this.held) {
      const last = out.at(-1);
      if (last && last.stream === c.stream) out[out.length - 1] = { stream: c.stream, text: last.text + c.text };
      else out.push(c);
    }
    if (this.skipped > 0) {
      // Bytes as the text re-encodes: exact for UTF-8 output (invalid bytes became U+FFFD).
      const first = out[0] ?? { stream: 'stdout' as const, text: '' };
      out[0] = { ...first, skippedBytes: this.skipped };
      this.skipped = 0;
    }
    this.held = [];
    this.heldLength = 0;
    return out;
  }
}
