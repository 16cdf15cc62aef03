// The `unclosed-command` rule: a bash or sh script step whose last command never ends. What a
// reader sees as the commands after it would not run as commands: after a here-document never
// closed (`cat <<EOF > app.conf` with no `EOF` line) bash feeds them to that command as input and
// reports success; after an unclosed quote, `$(`, `if` or `{` it reads them as part of that
// command and stops with a syntax error, after running what came before. Either way the step does
// something other than what the block shows, so it does not run. (Transcripts get the same check
// at each prompt: transcript.ts.)
import type { CodeStep, Diagnostic } from './model';
import { diagnostic } from './diagnostics';
import { openAtEnd } from './posixLexer';
import { looksLikeFenceOpener } from './fenceChecks';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** After applyTranscript: a transcript (split, or refused with its own reason) is not a script. */
export function lintUnclosedCommand(step: Mutable<CodeStep>, source: (line: number) => string, out: Diagnostic[]): void {
  // bash and sh: the lexer agrees with `bash -n` (test/unit/format-posix-lexer*.test.ts); zsh and
  // other shells differ enough that a wrong verdict here would refuse a good step.
  if ((step.runner !== 'bash' && step.runner !== 'sh') || step.transcript || step.notRunnable !== undefined || step.unterminated) return;
  const lines = step.code.split('\n');
  // A ``` line inside the code is a missing closing fence (fenceChecks.ts says so), not shell.
  if (lines.some(looksLikeFenceOpener)) return;
  const open = openAtEnd(lines);
  if (!open) return;
  const line = step.line + 1 + open.line;
  const message =
    open.kind === 'here-document'
      ? `the here-document ${open.doc.written} opened on line ${line} is never closed by a '${open.doc.delimiter}' line, so bash would feed every line after it to that command as input instead of running them, and Runbook will not run this step: add the '${open.doc.delimiter}' line where the document ends`
      : `the command on line ${line} is still open where the block ends (${open.what}), so bash would read the lines after it as part of that command and stop with a syntax error, and Runbook will not run this step: close it`;
  step.notRunnable ??= message;
  // For the quick fix (a here-document's closing line, just before the closing fence).
  const fix: Record<string, string> = open.kind === 'here-document' ? { delimiter: open.doc.delimiter, closeLine: String(step.endLine) } : {};
  out.push(diagnostic('warning', 'unclosed-command', line, 1, message, { endColumn: source(line).length + 1, data: { fenceLine: String(step.line), ...fix } }));
}
