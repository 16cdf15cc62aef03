// "Did you mean …?" for keys where most unknown words are fine (front matter shared with Hugo,
// Jekyll or Docusaurus): only a word within edit distance 2 of a Runbook key counts as a typo.
// Short keys allow less (`id` must not suggest `cwd`).
import { editDistance } from './text';

/** The candidate `word` is most likely a misspelling of, or undefined. */
export function nearMiss(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const limit = c.length >= 5 ? 2 : c.length >= 3 ? 1 : 0;
    const d = editDistance(lower, c.toLowerCase());
    if (d <= limit && d < bestDistance && word !== c) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
