// Live, readable output of `runbook run`: a header per step, the step's output as it comes
// (stderr to stderr), then status and duration. Colour on a TTY (unless NO_COLOR), plain otherwise.
import type { ExecutionObserver, OutputChunk, RunSummary, StepOutcome } from '../core/executor';
import type { CodeStep, Step } from '../core/format/model';
import { STATUS, type StatusTone, type StepStatus } from '../core/run/status';
import { formatDuration } from '../core/run/units';
import { describeLines, ranLines } from '../core/format/transcript';
import type { CliIo } from './io';

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

  constructor(private readonly io: CliIo) {
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
    const again = attempt > 1 ? ` (attempt ${attempt})` : '';
    this.line(`${this.paint('cyan', '▶')} ${this.paint('bold', step.id)}  ${step.title} ${this.paint('dim', `[${step.lang}, line ${step.line}]${again}`)}`);
    if (step.transcript) {
      this.line(this.paint('dim', `  transcript: runs ${describeLines(ranLines(step.transcript.lines))} without prompts; its sample output is not run`));
    }
  }

  onOutput(_stepId: string, chunks: readonly OutputChunk[]): void {
    for (const chunk of chunks) {
      (chunk.stream === 'stderr' ? this.io.stderr : this.io.stdout).write(chunk.text);
      this.atLineStart = chunk.text.endsWith('\n');
    }
  }

  onStepEnd(step: Step, outcome: StepOutcome): void {
    const [glyph, style] = mark(outcome.status);
    // Steps that never started have no duration worth showing.
    const time = ['not-run', 'skipped', 'blocked'].includes(outcome.status) ? '' : ` (${formatDuration(outcome.durationMs)})`;
    const reason = outcome.reason && outcome.status !== 'passed' ? `: ${outcome.reason}` : '';
    this.line(`${this.paint(style, `${glyph} ${outcome.status}`)} ${step.id}${time}${reason}`);
    if (outcome.notice) this.line(this.paint('cyan', `  ⓘ ${outcome.notice}`));
  }


  summary(summary: RunSummary, session?: { id: string; dir: string }, hint?: string): void {
    const counts = new Map<string, number>();
    for (const s of summary.steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const [, style] = mark(summary.status);
    this.line('');
    this.line(`${this.paint(style, this.paint('bold', `Run ${summary.status}`))}: ${parts || 'no steps'} in ${formatDuration(summary.durationMs)}`);
    if (hint) this.line(hint);
    if (session) this.line(this.paint('dim', `Session ${session.id} (${session.dir})`));
  }
}
