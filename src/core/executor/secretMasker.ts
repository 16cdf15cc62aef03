// Streaming secret masker over raw bytes. A secret split across chunks is still masked: the
// masker holds back the longest chunk suffix that could be the start of a secret until the
// next chunk (or `end()`) decides. Works on bytes so invalid UTF-8 and binary pass untouched.
// Each secret is masked in its escaped forms too (shell quoting, JSON, repr, URL, base64: see
// secretForms.ts); the forms are computed once per list of secrets (one list per run).
import { secretForms } from './secretForms';

export const MASK = '••••••';
const MASK_BYTES = Buffer.from(MASK, 'utf8');

export class SecretMasker {
  private readonly secrets: readonly Buffer[];
  private readonly maxLen: number;
  private pending: Buffer = Buffer.alloc(0);

  /** Empty values are ignored; longer secrets win when two start at the same byte. */
  constructor(values: readonly string[]) {
    this.secrets = needlesFor(values);
    this.maxLen = this.secrets.reduce((m, s) => Math.max(m, s.length), 0);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** Masks a chunk; returns the bytes that are safe to release now (possibly empty). */
  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    return this.process(this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk, false);
  }

  /** Releases what was held back, masked: no more bytes will come. */
  end(): Buffer {
    if (this.pending.length === 0) return this.pending;
    return this.process(this.pending, true);
  }

  private process(data: Buffer, final: boolean): Buffer {
    const parts: Buffer[] = [];
    let from = 0;
    let hold = -1;
    for (;;) {
      const hit = this.findFirst(data, from);
      if (!hit) break;
      // A secret that may still complete with the next bytes and starts at or before this hit
      // would win (earliest, then longest): decide once those bytes arrive.
      const potential = final ? 0 : this.heldSuffixLength(data, from);
      if (potential > 0 && data.length - potential <= hit.index) {
        hold = potential;
        break;
      }
      parts.push(data.subarray(from, hit.index), MASK_BYTES);
      from = hit.index + hit.length;
    }
    if (hold < 0) hold = final ? 0 : this.heldSuffixLength(data, from);
    parts.push(data.subarray(from, data.length - hold));
    // Copy what is held: `data` may be a view of the caller's buffer.
    this.pending = Buffer.from(data.subarray(data.length - hold));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Masks a whole string at once (for reasons, dry-run listings). */
  maskText(text: string): string {
    if (!this.active) return text;
    return Buffer.concat([this.push(Buffer.from(text, 'utf8')), this.end()]).toString('utf8');
  }

  private findFirst(data: Buffer, from: number): { index: number; length: number } | undefined {
    let best: { index: number; length: number } | undefined;
    for (const s of this.secrets) {
      const index = data.indexOf(s, from);
      // Sorted longest first, so a strictly smaller index is needed to replace a hit.
      if (index >= 0 && (!best || index < best.index)) best = { index, length: s.length };
    }
    return best;
  }

  /** Length of the longest suffix of data[from..] that is a proper prefix of some secret. */
  private heldSuffixLength(data: Buffer, from: number): number {
    const available = data.length - from;
    for (let k = Math.min(this.maxLen - 1, available); k > 0; k--) {
      const start = data.length - k;
      for (const s of this.secrets) {
        if (s.length > k && data.compare(s, 0, k, start, data.length) === 0) return k;
      }
    }
    return 0;
  }
}

/** The byte strings to mask for a list of secret values, longest first; cached per list. */
const needleCache = new WeakMap<readonly string[], readonly Buffer[]>();
function needlesFor(values: readonly string[]): readonly Buffer[] {
  const cached = needleCache.get(values);
  if (cached) return cached;
  const forms = new Set(values.filter((v) => v.length > 0).flatMap(secretForms));
  const needles = [...forms].map((v) => Buffer.from(v, 'utf8')).sort((a, b) => b.length - a.length);
  needleCache.set(values, needles);
  return needles;
}
