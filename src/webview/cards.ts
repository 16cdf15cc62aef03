// A code step as a card: header (status icon, title, id, language, attribute badges, duration,
// exit code), action buttons, the highlighted code, live output and the note. Built from DOM
// nodes; runbook text only ever goes in through textContent (code through highlight.js, which
// escapes it).
import type { CodeStep } from '../core/format/model';
import type { StepStatus } from '../core/executor/types';
import { attributeBadges, formatDuration, isFinished, statusLook } from './format';
import { NoteEditor } from './notes';
import { iconButton, OutputView } from './output/outputView';
import type { RenderedTranscript, StepView } from './protocol';
import { highlightCode } from './render/highlight';
import { shownScript, TranscriptParts } from './render/transcript';

export interface CardActions {
  run(stepId: string): void;
  runFrom(stepId: string): void;
  cancel(stepId: string): void;
  skip(stepId: string): void;
  copy(stepId: string): void;
  reveal(line: number): void;
  saveNote(stepId: string, text: string): void;
}

/** What the rest of the notebook tells a card when it updates. */
export interface CardContext {
  /** Set when nothing may run; the text explains why (untrusted, read-only session). */
  readonly readOnlyReason?: string;
  /** Another step or a Run all is in progress. */
  readonly runBusy: boolean;
  readonly stale: boolean;
}

export class StepCard {
  readonly element: HTMLElement;
  readonly output: OutputView;
  readonly note: NoteEditor;
  private step: CodeStep;
  private view: StepView;
  private readonly statusIcon: HTMLElement;
  private readonly title: HTMLElement;
  private readonly idButton: HTMLButtonElement;
  private readonly lang: HTMLElement;
  private readonly badges: HTMLElement;
  private readonly staleBadge: HTMLElement;
  private readonly duration: HTMLElement;
  private readonly exitCode: HTMLElement;
  private readonly reason: HTMLElement;
  private readonly code: HTMLElement;
  private readonly transcript = new TranscriptParts();
  private readonly buttons: Record<'run' | 'rerun' | 'runFrom' | 'cancel' | 'skip', HTMLButtonElement>;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(step: CodeStep, private readonly actions: CardActions) {
    this.step = step;
    this.view = { stepId: step.id, status: 'pending' };
    this.element = document.createElement('section');
    this.element.className = 'rb-card';
    this.element.tabIndex = 0;
    this.element.dataset.stepId = step.id;

    const head = document.createElement('header');
    head.className = 'rb-card-head';
    this.statusIcon = document.createElement('span');
    this.statusIcon.className = 'rb-status codicon';
    this.statusIcon.setAttribute('role', 'img');
    this.title = document.createElement('h3');
    this.title.className = 'rb-title';
    this.idButton = document.createElement('button');
    this.idButton.type = 'button';
    this.idButton.className = 'rb-id';
    this.idButton.addEventListener('click', () => this.actions.reveal(this.step.line));
    this.lang = document.createElement('span');
    this.lang.className = 'rb-lang';
    this.badges = document.createElement('span');
    this.badges.className = 'rb-badges';
    this.staleBadge = document.createElement('span');
    this.staleBadge.className = 'rb-badge rb-stale';
    this.staleBadge.textContent = 'stale';
    this.staleBadge.title = 'The code changed after this step ran; run it again to refresh the result.';
    this.duration = document.createElement('span');
    this.duration.className = 'rb-duration';
    this.exitCode = document.createElement('span');
    this.exitCode.className = 'rb-exit';
    const meta = document.createElement('span');
    meta.className = 'rb-meta';
    meta.append(this.duration, this.exitCode);

    const id = () => this.step.id;
    this.buttons = {
      run: textButton('play', 'Run', () => this.actions.run(id())),
      rerun: textButton('debug-rerun', 'Re-run', () => this.actions.run(id())),
      cancel: textButton('debug-stop', 'Cancel', () => this.actions.cancel(id())),
      skip: textButton('debug-step-over', 'Skip', () => this.actions.skip(id())),
      runFrom: textButton('run-below', 'Run from here', () => this.actions.runFrom(id())),
    };
    for (const [name, button] of Object.entries(this.buttons)) button.classList.add(`rb-action-${name}`);
    this.buttons.run.classList.add('rb-primary');
    const actionsBar = document.createElement('div');
    actionsBar.className = 'rb-actions';
    actionsBar.setAttribute('role', 'toolbar');
    actionsBar.append(this.buttons.run, this.buttons.rerun, this.buttons.cancel, this.buttons.skip, this.buttons.runFrom);

    const titleRow = document.createElement('div');
    titleRow.className = 'rb-title-row';
    titleRow.append(this.statusIcon, this.title, this.idButton, this.lang, this.badges, this.staleBadge, meta);
    head.append(titleRow, actionsBar);

    this.reason = document.createElement('div');
    this.reason.className = 'rb-reason';
    const pre = document.createElement('pre');
    pre.className = 'rb-code';
    this.code = document.createElement('code');
    this.code.className = 'hljs';
    pre.append(this.code);
    this.output = new OutputView(step.title, () => this.actions.copy(id()));
    this.note = new NoteEditor(step.id, step.title, (text) => this.actions.saveNote(id(), text));
    const t = this.transcript;
    this.element.append(head, this.reason, t.caption, pre, t.expected, t.notice, this.output.element, this.note.element);
    this.setStep(step);
  }

  get stepId(): string {
    return this.step.id;
  }

  get currentStep(): CodeStep {
    return this.step;
  }

  /** What a transcript card shows (read back from the DOM): the commands that run and the expected output. */
  shownTranscript(): RenderedTranscript | undefined {
    if (!this.step.transcript) return undefined;
    return { stepId: this.step.id, runs: this.code.textContent ?? '', expected: this.transcript.shownExpected() };
  }

  get status(): StepStatus {
    return this.view.status ?? 'pending';
  }

  /** The step as parsed now (after an edit of the Markdown). */
  setStep(step: CodeStep): void {
    this.step = step;
    this.element.dataset.stepId = step.id;
    this.element.dataset.line = String(step.line);
    this.title.textContent = step.title || step.id;
    this.idButton.textContent = `#${step.id}`;
    this.idButton.title = `Reveal line ${step.line} in the editor`;
    this.idButton.setAttribute('aria-label', `Reveal step ${step.id} at line ${step.line} in the editor`);
    this.lang.textContent = step.lang;
    this.badges.replaceChildren(
      ...attributeBadges(step).map(([text, tip]) => {
        const badge = document.createElement('span');
        badge.className = 'rb-badge';
        badge.textContent = text;
        badge.title = tip;
        return badge;
      }),
    );
    // A transcript shows exactly what runs here, and its sample output in its own section.
    const script = shownScript(step);
    this.code.innerHTML = highlightCode(script.text, script.lang);
    this.transcript.setStep(step);
  }

  /** Merges a partial update of the step's state and redraws. */
  applyView(update: StepView, context: CardContext): void {
    this.view = { ...this.view, ...update };
    this.note.applyView(update);
    this.refresh(context);
  }

  resetView(context: CardContext): void {
    this.view = { stepId: this.step.id, status: 'pending' };
    this.output.clear();
    this.refresh(context);
  }

  refresh(context: CardContext): void {
    const status = this.status;
    const shown = context.stale && isFinished(status) ? 'stale' : status;
    const display = statusLook(shown);
    this.statusIcon.className = `rb-status codicon codicon-${display.icon}${status === 'running' ? ' codicon-modifier-spin' : ''}`;
    this.statusIcon.setAttribute('aria-label', display.label);
    this.statusIcon.title = this.view.reason ? `${display.label}: ${this.view.reason}` : display.label;
    this.element.dataset.status = status;
    this.element.classList.toggle('rb-is-stale', context.stale && isFinished(status));
    this.staleBadge.hidden = !(context.stale && isFinished(status));
    this.element.setAttribute('aria-label', `Step ${this.step.title || this.step.id}, ${display.label}${context.stale && shown !== 'stale' ? ', stale' : ''}`);

    this.exitCode.textContent = this.view.exitCode !== undefined && this.view.exitCode !== null && isFinished(status) ? `exit ${this.view.exitCode}` : '';
    this.exitCode.classList.toggle('rb-exit-bad', this.exitCode.textContent !== '' && status !== 'passed');
    this.reason.textContent = this.view.reason && status !== 'running' ? this.view.reason : '';
    this.reason.hidden = !this.reason.textContent;
    this.transcript.setNotice(status !== 'running' ? this.view.notice : undefined);
    this.updateDuration();
    clearInterval(this.timer);
    this.timer = status === 'running' && this.view.startedAt ? setInterval(() => this.updateDuration(), 1000) : undefined;

    const running = status === 'running';
    const finished = isFinished(status);
    this.buttons.run.hidden = running || finished;
    this.buttons.rerun.hidden = running || !finished;
    this.buttons.cancel.hidden = !running;
    this.buttons.skip.hidden = running || finished;
    this.buttons.runFrom.hidden = running;
    const blockedReason = context.readOnlyReason;
    for (const name of ['run', 'rerun', 'skip', 'runFrom'] as const) {
      const button = this.buttons[name];
      button.disabled = blockedReason !== undefined || context.runBusy;
      button.title = blockedReason ?? (context.runBusy ? 'Another step is running' : button.dataset.label ?? '');
    }
    this.buttons.cancel.disabled = false;
    this.note.setReadOnly(blockedReason !== undefined, blockedReason ?? '');
  }

  /** Runs or re-runs this step (keyboard Enter); false when it cannot run now. */
  activate(): boolean {
    const button = this.buttons.run.hidden ? this.buttons.rerun : this.buttons.run;
    if (button.hidden || button.disabled) return false;
    button.click();
    return true;
  }

  cancelIfRunning(): boolean {
    if (this.buttons.cancel.hidden) return false;
    this.buttons.cancel.click();
    return true;
  }

  private updateDuration(): void {
    const status = this.status;
    if (status === 'running' && this.view.startedAt) {
      const elapsed = Date.now() - Date.parse(this.view.startedAt);
      this.duration.textContent = Number.isFinite(elapsed) ? formatDuration(Math.max(0, elapsed)) : '';
    } else {
      this.duration.textContent = this.view.durationMs !== undefined && isFinished(status) ? formatDuration(this.view.durationMs) : '';
    }
  }
}

function textButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = iconButton(icon, label, onClick);
  button.classList.add('rb-button');
  button.dataset.label = label;
  const text = document.createElement('span');
  text.textContent = label;
  button.append(text);
  return button;
}
