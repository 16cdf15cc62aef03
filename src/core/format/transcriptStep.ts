// Where transcripts meet the parser: which fences are shell sessions, what a step records about
// its transcript, and the `mixed-transcript` warning.
import type { CodeStep, Diagnostic } from './model';
import { diagnostic } from './diagnostics';
import { promptStyleFor, splitTranscript } from './transcript';

/** GitHub's shell-session languages: steps only when written as a transcript, run by the default shell. */
export const SESSION_LANGUAGES: ReadonlySet<string> = new Set(['console', 'shell-session', 'sh-session', 'shellsession']);

export function isSessionLanguage(lang: string): boolean {
  return SESSION_LANGUAGES.has(lang.toLowerCase());
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Whether a session-language block is a step: it starts with a prompt. One that does not is
 * documentation (sample output, a listing), like any other text.
 */
export function isSessionTranscript(code: string): boolean {
  const split = splitTranscript(code, 'posix');
  return split.kind === 'transcript' || (split.kind === 'unsplittable' && split.problem.kind !== 'mixed');
}

/**
 * Splits the step's code when it is a transcript and records the result on the step (or, when it
 * cannot be split safely, why it will not run, with a warning). `source(line)` gives a file line.
 */
export function applyTranscript(step: Mutable<CodeStep>, source: (line: number) => string, out: Diagnostic[]): void {
  const style = promptStyleFor(step.runner);
  if (!style) return;
  const split = splitTranscript(step.code, style, step.line + 1);
  if (split.kind === 'script') return;
  if (split.kind === 'unsplittable') {
    step.notRunnable = split.problem.message;
    const text = source(split.problem.line);
    out.push(diagnostic('warning', 'mixed-transcript', split.problem.line, 1, split.problem.message, {
      endColumn: text.length + 1,
      data: { fenceLine: String(step.line) },
    }));
    return;
  }
  step.transcript = { prompt: split.style, lines: split.lines, expectedOutput: split.expectedOutput };
  step.run = split.run;
}

/**
 * The step as the variable lint should read it: a transcript's sample output (and leading
 * comments) blanked, lines kept in place so positions stay right. `$HOME` printed by `env` is
 * output, not a use.
 */
export function withoutSampleOutput(step: CodeStep): CodeStep {
  const t = step.transcript;
  if (!t) return step;
  const lines = step.code.split('\n');
  for (const [i, l] of t.lines.entries()) if (l.role === 'output' || l.role === 'comment') lines[i] = '';
  return { ...step, code: lines.join('\n') };
}
