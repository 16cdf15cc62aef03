// The notebook: renders a runbook document into Markdown + step cards + checks, keeps each step's
// state (status, output, note, tick) across re-renders, and turns user actions into messages.
import type { CheckStep, CodeStep, Runbook } from '../core/format/model';
import { StepCard, type CardActions, type CardContext } from './cards';
import { attachChecks, type CheckBox } from './checks';
import { isFailure, isFinished } from './format';
import { installKeyboard } from './keyboard';
import type { FromWebviewMessage, RunView, SessionView, StepView, ToWebviewMessage } from './protocol';
import { renderMarkdown } from './render/markdown';
import { sanitizeRendered } from './render/sanitize';
import { captureAnchor, restoreAnchor, scrollToLine } from './scroll';
import { Toolbar } from './toolbar';
import { VariablesForm } from './variables';

type Message = Exclude<ToWebviewMessage, { type: 'batch' }>;

const untrustedReason = 'Running is disabled: this workspace is not trusted. Use "Manage Workspace Trust" to trust it.';
const readOnlySessionReason = 'This session is finished and open read-only; start a new session to run steps.';

export class Notebook {
  private uri = '';
  private text = '';
  private runbook: Runbook | undefined;
  private trusted = false;
  private run: RunView = { running: false };
  private session: SessionView = { sessions: [] };
  /** Merged state per step id (code steps and checks), kept across re-renders. */
  private readonly views = new Map<string, StepView>();
  /** Cards by step id; a card survives re-renders (its output and note with it). */
  private readonly cards = new Map<string, StepCard>();
  private order: StepCard[] = [];
  private checks: CheckBox[] = [];
  private readonly content: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly variables: VariablesForm;
  private restoreLine: number | undefined;

  constructor(
    root: HTMLElement,
    private readonly send: (message: FromWebviewMessage) => void,
    persisted?: { readonly scrollLine?: number },
  ) {
    this.restoreLine = persisted?.scrollLine;
    this.variables = new VariablesForm(send);
    this.toolbar = new Toolbar(send, () => this.variables.toggle());
    this.content = document.createElement('main');
    this.content.className = 'rb-content markdown-body';
    this.content.addEventListener('click', (event) => this.onContentClick(event));
    const header = document.createElement('div');
    header.className = 'rb-header';
    header.append(this.toolbar.element, this.toolbar.banner, this.variables.element, this.variables.notice);
    root.replaceChildren(header, this.content);
    installKeyboard(this.content, () => this.order);
  }

  get scrollLine(): number | undefined {
    return captureAnchor(this.content)?.line;
  }

  get documentUri(): string {
    return this.uri;
  }

  /** Sends every note typed and not yet saved (the panel is being hidden or closed). */
  flushNotes(): void {
    for (const card of this.order) card.note.flush();
  }

  handle(message: Message): void {
    switch (message.type) {
      case 'document':
        this.uri = message.uri;
        this.text = message.text;
        this.runbook = message.runbook;
        this.trusted = message.trusted;
        this.render();
        return;
      case 'trust':
        this.trusted = message.trusted;
        this.refreshAll();
        return;
      case 'steps':
        if (message.reset) this.resetSteps();
        for (const view of message.steps) this.applyStep(view);
        this.refreshAll();
        return;
      case 'output':
        for (const batch of message.batches) this.cards.get(batch.stepId)?.output.append(batch.text, batch.droppedBytes ?? 0);
        return;
      case 'clearOutput':
        this.cards.get(message.stepId)?.output.clear();
        return;
      case 'outputTail':
        this.cards.get(message.stepId)?.output.showTail(message.text, message.totalBytes);
        return;
      case 'session':
        this.session = message.session;
        this.refreshAll();
        return;
      case 'run':
        this.run = message.run;
        if (message.run.stepId) this.variables.clearNotice();
        this.refreshAll();
        return;
      case 'noteSaved':
        this.views.set(message.stepId, { ...this.views.get(message.stepId), stepId: message.stepId, note: message.text });
        this.cards.get(message.stepId)?.note.confirmSaved(message.text);
        return;
      case 'requestVariables':
        this.variables.open(message.missing, message.requestId);
        return;
      case 'focusStep': {
        const card = this.cards.get(message.stepId);
        card?.element.focus();
        card?.element.scrollIntoView({ block: 'start' });
        return;
      }
      default: {
        const unknown: never = message;
        this.send({ type: 'log', level: 'warn', message: `unknown message ${JSON.stringify(unknown)}` });
      }
    }
  }

  private get readOnlyReason(): string | undefined {
    if (!this.trusted) return untrustedReason;
    if (this.session.current?.readOnly) return readOnlySessionReason;
    return undefined;
  }

  private render(): void {
    const runbook = this.runbook!;
    const anchor = this.restoreLine === undefined ? captureAnchor(this.content) : undefined;
    const active = document.activeElement as HTMLElement | null;
    const selection = active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : undefined;
    this.flushNotes();

    const rendered = renderMarkdown(this.text, runbook);
    this.content.replaceChildren(sanitizeRendered(rendered.html, rendered.key)); // the runbook's HTML only through DOMPurify
    const codeSteps = new Map(runbook.steps.filter((s): s is CodeStep => s.kind === 'code').map((s) => [s.line, s]));
    this.order = [];
    const placed = new Set<string>();
    const place = (step: CodeStep, put: (element: HTMLElement) => void) => {
      let card = this.cards.get(step.id);
      if (card) card.setStep(step);
      else {
        card = new StepCard(step, this.cardActions);
        this.cards.set(step.id, card);
        // State that arrived before the card existed (a restored session).
        const known = this.views.get(step.id);
        if (known) card.applyView(known, this.cardContext(step.id));
      }
      put(card.element);
      this.order.push(card);
      placed.add(step.id);
    };
    for (const slot of this.content.querySelectorAll<HTMLElement>('.rb-step-slot')) {
      const step = codeSteps.get(Number(slot.dataset.line));
      if (step && !placed.has(step.id)) place(step, (element) => slot.replaceWith(element));
    }
    // A step whose slot the runbook's HTML swallowed still gets its card, at the end: every step
    // that can run is shown.
    for (const step of codeSteps.values()) if (!placed.has(step.id)) place(step, (element) => this.content.append(element));
    const checkSteps = runbook.steps.filter((s): s is CheckStep => s.kind === 'check');
    appendMissingChecks(this.content, checkSteps);
    this.checks = attachChecks(this.content, checkSteps, (stepId, checked) => {
      // Not recorded until the host confirms with a `steps` update.
      this.send({ type: 'setCheck', stepId, checked });
    });
    this.variables.setSpecs(runbook.variables);
    this.refreshAll();

    if (this.restoreLine !== undefined) {
      scrollToLine(this.content, this.restoreLine);
      this.restoreLine = undefined;
    } else restoreAnchor(this.content, anchor);
    if (active && active !== document.body && active.isConnected) {
      active.focus({ preventScroll: true });
      if (selection && active instanceof HTMLTextAreaElement) active.setSelectionRange(selection[0]!, selection[1]!);
    }
    const transcripts = this.order.flatMap((card) => card.shownTranscript() ?? []);
    this.send({ type: 'rendered', stepCount: this.order.length, checkCount: this.checks.length, ...(transcripts.length ? { transcripts } : {}) });
  }

  private readonly cardActions: CardActions = {
    run: (stepId) => this.send({ type: 'runStep', stepId }),
    runFrom: (stepId) => this.send({ type: 'runFrom', stepId }),
    cancel: (stepId) => this.send({ type: 'cancel', stepId }),
    skip: (stepId) => this.send({ type: 'skipStep', stepId }),
    copy: (stepId) => this.send({ type: 'copyOutput', stepId }),
    reveal: (line) => this.send({ type: 'revealLine', line }),
    saveNote: (stepId, text) => this.send({ type: 'setNote', stepId, text }),
  };

  private applyStep(update: StepView): void {
    // The host decides staleness (src/core/run/codeHash.ts) and sends it with every step update.
    const view = { ...this.views.get(update.stepId), ...update };
    const card = this.cards.get(update.stepId);
    this.views.set(update.stepId, view);
    card?.applyView(update.status === 'running' ? { ...update, stale: false, exitCode: null, reason: '' } : update, this.cardContext(update.stepId));
  }

  private resetSteps(): void {
    this.views.clear();
    for (const card of this.cards.values()) card.resetView(this.cardContext(card.stepId));
  }

  private cardContext(stepId: string): CardContext {
    const stale = this.views.get(stepId)?.stale === true;
    const busy = this.run.running && this.run.stepId !== stepId;
    return { readOnlyReason: this.readOnlyReason, runBusy: busy, stale };
  }

  private refreshAll(): void {
    for (const card of this.order) card.refresh(this.cardContext(card.stepId));
    const reason = this.readOnlyReason;
    for (const box of this.checks) box.apply(this.views.get(box.stepId)?.checked, reason);
    this.refreshChrome();
  }

  private refreshChrome(): void {
    this.toolbar.update({ readOnlyReason: this.readOnlyReason, trusted: this.trusted, running: this.run.running, session: this.session, hasVariables: this.variables.hasVariables });
    const steps = this.runbook?.steps ?? [];
    const code = steps.filter((s) => s.kind === 'code');
    const statuses = code.map((s) => this.views.get(s.id)?.status);
    const checks = steps.filter((s): s is CheckStep => s.kind === 'check');
    this.toolbar.setProgress({
      done: statuses.filter(isFinished).length,
      total: code.length,
      failed: statuses.filter(isFailure).length,
      checksDone: checks.filter((c) => this.views.get(c.id)?.checked ?? c.checked).length,
      checksTotal: checks.length,
    });
  }

  private onContentClick(event: MouseEvent): void {
    const anchor = (event.target as HTMLElement | null)?.closest('a');
    if (!anchor || !this.content.contains(anchor)) return;
    const href = anchor.getAttribute('href');
    if (!href) return;
    event.preventDefault();
    if (href.startsWith('#')) {
      // Ids from the runbook's own HTML carry GitHub's `user-content-` prefix (see sanitize.ts).
      const id = decodeURIComponent(href.slice(1));
      const target = document.getElementById(id) ?? document.getElementById(`user-content-${id}`);
      target?.scrollIntoView({ block: 'start' });
      return;
    }
    // Links open through VS Code (the host decides: external browser, editor, …).
    this.send({ type: 'openLink', href });
  }
}

/** A check whose box the runbook's HTML displaced still gets one, at the end (as cards do). */
function appendMissingChecks(content: HTMLElement, checks: readonly CheckStep[]): void {
  const shown = new Set([...content.querySelectorAll<HTMLInputElement>('input.rb-check')].map((i) => Number(i.dataset.line)));
  const missing = checks.filter((c) => !shown.has(c.line));
  if (missing.length === 0) return;
  const list = document.createElement('ul');
  list.className = 'contains-task-list';
  for (const check of missing) {
    const item = document.createElement('li');
    item.className = 'task-list-item';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'rb-check';
    box.dataset.line = String(check.line);
    if (check.checked) box.dataset.sourceChecked = 'true';
    item.append(box, document.createTextNode(check.text));
    list.append(item);
  }
  content.append(list);
}
