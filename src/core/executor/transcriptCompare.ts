// The soft comparison of a transcript step's real output with the sample output its block
// documents. Never decides pass or fail (only `expect` does): it yields an information-level
// notice when they differ. Whitespace is normalised; nothing else is guessed (docs/format.md).
import type { Transcript } from '../format/model';
import { stripAnsi } from './expectations';

/** A line as compared: no ANSI, no surrounding blanks, inner runs of blanks as one space. */
export function normaliseLine(line: string): string {
  return stripAnsi(line).replace(/\r$/, '').trim().replace(/[ \t]+/g, ' ');
}

function meaningful(text: string): string[] {
  return text.split('\n').map(normaliseLine).filter((l) => l !== '');
}

const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);

/**
 * undefined when the output matches the sample (or there is no sample, or the output was too big
 * to keep whole); otherwise one line for people naming the first difference and its runbook line.
 */
export function compareWithSample(transcript: Transcript, output: string, truncated: boolean): string | undefined {
  if (transcript.expectedOutput.trim() === '' || truncated) return undefined;
  const sample = transcript.lines.filter((l) => l.role === 'output' && normaliseLine(l.text) !== '');
  const expected = sample.map((l) => normaliseLine(l.text));
  const actual = meaningful(output);
  const n = expected.findIndex((line, i) => actual[i] !== line);
  if (n < 0 && actual.length === expected.length) return undefined;
  const prefix = 'The output differs from the sample output in the runbook';
  if (n < 0) return `${prefix}: ${actual.length - expected.length} more line(s) than the sample, from ${quote(actual[expected.length]!)}`;
  const got = n < actual.length ? `got ${quote(actual[n]!)}` : 'the output ended before it';
  return `${prefix}: line ${sample[n]!.line} shows ${quote(expected[n]!)}, ${got}`;
}
