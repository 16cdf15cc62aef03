// The transcript parts of a step card: a caption over the code saying which lines run, the
// documented sample output as a separate "Expected output" section (never run), why a block that
// mixes prompts and commands will not run, and the soft comparison's notice after a run.
// Runbook text goes in through textContent only.
import type { CodeStep } from '../../core/format/model';
import { describeLines, ranLines } from '../../core/format/transcript';

/** The language highlight.js should use for what a step runs (a transcript's commands are plain script). */
function scriptLanguage(step: CodeStep): string {
  return step.runner === 'pwsh' ? 'powershell' : step.runner === 'cmd' ? 'dos' : step.transcript ? 'bash' : step.lang;
}

/** What the card's code area shows: exactly what runs (a transcript's commands), else the code. */
export function shownScript(step: CodeStep): { text: string; lang: string } {
  return { text: (step.run ?? step.code).replace(/\n$/, ''), lang: scriptLanguage(step) };
}

export class TranscriptParts {
  /** Goes above the code. */
  readonly caption: HTMLElement;
  /** Goes below the code. */
  readonly expected: HTMLElement;
  /** Goes below the code: the soft comparison's result after a run. */
  readonly notice: HTMLElement;
  private readonly expectedText: HTMLElement;
  private readonly expectedLabel: HTMLElement;

  constructor() {
    this.caption = document.createElement('div');
    this.caption.className = 'rb-transcript-caption';
    this.expected = document.createElement('div');
    this.expected.className = 'rb-expected';
    this.expectedLabel = document.createElement('div');
    this.expectedLabel.className = 'rb-expected-label';
    const pre = document.createElement('pre');
    pre.className = 'rb-expected-text';
    this.expectedText = document.createElement('code');
    pre.append(this.expectedText);
    this.expected.append(this.expectedLabel, pre);
    this.notice = document.createElement('div');
    this.notice.className = 'rb-notice';
    this.notice.setAttribute('role', 'note');
  }

  setStep(step: CodeStep): void {
    const t = step.transcript;
    if (step.notRunnable !== undefined) {
      this.caption.textContent = `Will not run: ${step.notRunnable}`;
      this.caption.classList.add('rb-transcript-problem');
    } else if (t) {
      const commands = t.lines.filter((l) => l.role === 'command').length;
      this.caption.textContent = `Transcript: runs ${commands} command${commands === 1 ? '' : 's'} (runbook ${describeLines(ranLines(t.lines))}) without the prompts; the sample output is not run`;
      this.caption.classList.remove('rb-transcript-problem');
    } else {
      this.caption.textContent = '';
    }
    this.caption.hidden = this.caption.textContent === '';
    const sample = t?.expectedOutput.replace(/\n$/, '') ?? '';
    this.expectedLabel.textContent = `Expected output (from the runbook, ${describeLines(t?.lines.filter((l) => l.role === 'output').map((l) => l.line) ?? [])}; not run)`;
    this.expectedText.textContent = sample;
    this.expected.hidden = sample.trim() === '';
  }

  /** The expected-output section's text as shown ('' when hidden). */
  shownExpected(): string {
    return this.expected.hidden ? '' : (this.expectedText.textContent ?? '');
  }

  setNotice(text: string | undefined): void {
    this.notice.textContent = text ?? '';
    this.notice.hidden = !text;
  }
}
