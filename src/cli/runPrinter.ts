// Live, readable output of `runbook run`: a header per step, the step's output as it comes
// (stderr to stderr), then status and duration. Colour on a TTY (unless NO_COLOR), plain otherwise.
// Step output reaches the terminal with its colours (SGR) only: other escape sequences (clipboard
// OSC 52, links, titles, clears, cursor moves) are removed. Names, titles and reasons from the
// runbook show their control characters as `\x1b`.
import type { ExecutionObserver, OutputChunk, RunSummary, StepOutcome } from '../core/executor';
import type { CodeStep, Step } from '../core/format/model';
import { endedWithoutStarting, STATUS, type StatusTone, type StepStatus } from '../core/run/status';
import { formatBytes, formatDuration } from '../core/run/units';
import { describeLines, ranLines } from '../core/format/transcript';
import type { CliIo } from './io';
import { escapeControls as shown, TerminalSanitiser } from '../core/text/terminal';

const STYLE = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  reset: '\x1b[0m',
} as const;

const COLOUR: Readonly<Record<StatusTone, keyof typeof STYLE>> = { muted: 'dim', active: 'cyan', good: 'green', bad: 'red', warn: 'yellow' };

/** The status's glyph and colour (src/core/run/status.ts defines both for every surface). */
const mark = (status: StepStatus): [string, keyof typeof STYLE] => [STATUS[status].glyph, COLOUR[STATUS[status].tone]];

export class RunPrinter implements ExecutionObserver {
  private readonly colour: boolean;
  private atLineStart = true;
  /** Per step: the attempt running, and the output bytes the live view skipped so far. */
  private readonly attempts = new Map<string, number>();
  private readonly skipped = new Map<string, number>();
  /** One per step and stream: an escape sequence may be split across chunks. */
  private sanitisers = new Map<string, TerminalSanitiser>();

  /** `outputFile` names a step attempt's output file when the outcome does not carry it (a run host client). */
  constructor(private readonly io: CliIo, private readonly outputFile?: (stepId: string, attempt: number) => string) {
    this.colour = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  }

  private paint(style: keyof typeof STYLE, text: string): string {
    return this.colour ? `${STYLE[style]}${text}${STYLE.reset}` : text;
  }

  private line(text: string): void {
    if (!this.atLineStart) this.io.stdout.write('\n');
    this.io.stdout.write(`${text}\n`);
    this.atLineStart = true;
  }

  onStepStart(step: CodeStep, attempt: number): void {
    this.attempts.set(step.id, attempt);
    this.skipped.delete(step.id);
    const again = attempt > 1 ? ` (attempt ${attempt})` : '';
    this.line(`${this.paint('cyan', '▶')} ${this.paint('bold', shown(step.id))}  ${shown(step.title)} ${this.paint('dim', `[${shown(step.lang)}, line ${step.line}]${again}`)}`);
    if (step.transcript) {
      this.line(this.paint('dim', `  transcript: runs ${describeLines(ranLines(step.transcript.lines))} without prompts; its sample output is not run`));
    }
  }

  onOutput(stepId: string, chunks: readonly OutputChunk[]): void {
    for (const chunk of chunks) {
      if (chunk.skippedBytes) this.skipped.set(stepId, (this.skipped.get(stepId) ?? 0) + chunk.skippedBytes);
      const key = `${chunk.stream}\0${stepId}`;
      let sanitiser = this.sanitisers.get(key);
      if (!sanitiser) this.sanitisers.set(key, (sanitiser = new TerminalSanitiser()));
      const text = sanitiser.push(chunk.text);
      if (text.length === 0) continue;
      (chunk.stream === 'stderr' ? this.io.stderr : this.io.stdout).write(text);
      this.atLineStart = text.endsWith('\n');
    }
  }

  onStepEnd(step: Step, outcome: StepOutcome): void {
    // Output faster than a terminal takes it is shown in part (start, bursts, end): say what was not.
    const skipped = this.skipped.get(step.id) ?? outcome.output.skippedBytes ?? 0;
    if (skipped > 0) {
      const file = outcome.output.path ?? this.outputFile?.(step.id, this.attempts.get(step.id) ?? 1);
      this.line(this.paint('yellow', `… ${formatBytes(skipped)} not shown${file ? ` — full output: ${shown(file)}` : ''}`));
    }
    this.skipped.delete(step.id);
    const [glyph, style] = mark(outcome.status);
    // Steps that never started have no duration worth showing.
    const time = endedWithoutStarting(outcome.status) ? '' : ` (${formatDuration(outcome.durationMs)})`;
    this.sanitisers.clear();
    const reason = outcome.reason && outcome.status !== 'passed' ? `: ${shown(outcome.reason)}` : '';
    this.line(`${this.paint(style, `${glyph} ${outcome.status}`)} ${shown(step.id)}${time}${reason}`);
    if (outcome.notice) this.line(this.paint('cyan', `  ⓘ ${shown(outcome.notice)}`));
  }


  summary(summary: RunSummary, session?: { id: string; dir: string }, hint?: string): void {
    const counts = new Map<string, number>();
    for (const s of summary.steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const [, style] = mark(summary.status);
    this.line('');
    this.line(`${this.paint(style, this.paint('bold', `Run ${summary.status}`))}: ${parts || 'no steps'} in ${formatDuration(summary.durationMs)}`);
    if (hint) this.line(hint);
    if (session) this.line(this.paint('dim', `Session ${shown(session.id)} (${shown(session.dir)})`));
  }
}
