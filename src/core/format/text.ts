// Text helpers shared by the format modules: newline/BOM normalisation, did-you-mean, slugs.

/** Strips a UTF-8 BOM and turns CRLF / lone CR into LF, so every later offset is LF-based. */
export function normaliseText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out;
}

/** Levenshtein distance, small strings only (attribute and key names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a small edit distance, for "did you mean …?" messages. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    const limit = Math.max(1, Math.min(3, Math.floor(c.length / 3)));
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

// Compiling the Unicode property classes costs a CLI start ~0.5 % (ICU sets); most headings are
// printable ASCII, where letters and digits are exactly a-z (once lower-cased) and 0-9. Anything
// else (control characters included) takes the Unicode rule.
const NOT_SLUG = /[^\p{L}\p{N}\s_-]/gu;
const NOT_SLUG_ASCII = /[^a-z0-9\s_-]/g;
const NON_ASCII = /[^ -~\t\n\r\v\f]/;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  const lower = text.toLowerCase();
  return lower
    .replace(NON_ASCII.test(lower) ? NOT_SLUG : NOT_SLUG_ASCII, '')
    .trim()
    .replace(/\s/g, '-');
}

/** A one-line title: the first sentence (or line), at most 80 characters. */
export function shortTitle(text: string): string {
  const firstLine = text.split('\n', 1)[0]!.trim();
  const clean = firstSentence(firstLine).replace(/[:.]$/, '').trim();
  return clean.length > 80 ? `${clean.slice(0, 79).trimEnd()}…` : clean;
}

// A full stop that does not end a sentence: after a list number (`1. Create…`), `e.g.`, `i.e.`, `etc.`
const NOT_AN_END = /(?:^|\s)(?:\d+|e\.g|i\.e|etc|vs)$/i;

function firstSentence(line: string): string {
  for (const m of line.matchAll(/[.!?](?=\s|$)/g)) {
    const before = line.slice(0, m.index);
    if (m[0] === '.' && NOT_AN_END.test(before)) continue;
    return line.slice(0, m.index + 1);
  }
  return line;
}

/**
 * Lines of a text by 0-based index, sliced on demand: cheaper than `split('\n')` on large
 * runbooks, where only a few lines (fence lines, lines with findings) are ever looked at.
 */
export class SourceLines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** Number of lines, counting the empty one after a final newline. */
  get length(): number {
    return this.starts.length;
  }
  /** Offset of the start of line `i` (0-based); the text length past the end. */
  offset(i: number): number {
    return i < this.starts.length ? this.starts[i]! : this.text.length;
  }
  at(i: number): string {
    if (i < 0 || i >= this.starts.length) return '';
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    return this.text.slice(this.starts[i]!, end);
  }
}
