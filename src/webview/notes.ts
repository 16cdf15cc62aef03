// A step's note: multi-line, saved to the session when typing pauses, with an indicator that says
// whether what is on screen is saved. Each save is a revision in the session log, so a revision
// is sent on a pause (2 s idle), on blur, and when the panel is hidden or closed (main.ts calls
// flush on visibilitychange and pagehide) — not on every keystroke burst.
import type { StepView } from './protocol';

/** Idle time after the last keystroke before the note is saved as a revision. */
export const NOTE_IDLE_MS = 2000;

export class NoteEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly status: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The text the host last confirmed as saved. */
  private savedText = '';
  private sentText: string | undefined;

  constructor(stepId: string, stepTitle: string, private readonly save: (text: string) => void) {
    this.element = document.createElement('div');
    this.element.className = 'rb-note';
    const label = document.createElement('label');
    label.className = 'rb-note-label';
    label.textContent = 'Note';
    const id = `rb-note-${cssSafe(stepId)}`;
    label.htmlFor = id;
    this.textarea = document.createElement('textarea');
    this.textarea.id = id;
    this.textarea.className = 'rb-note-input';
    this.textarea.rows = 1;
    this.textarea.placeholder = 'Add a note (saved to the session)…';
    this.textarea.setAttribute('aria-label', `Note for ${stepTitle}`);
    this.status = document.createElement('span');
    this.status.className = 'rb-note-status';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.textarea.addEventListener('input', () => {
      this.autosize();
      this.setStatus('Unsaved', 'dirty');
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), NOTE_IDLE_MS);
    });
    this.textarea.addEventListener('blur', () => this.flush());
    this.element.append(label, this.textarea, this.status);
  }

  /** Sends the note now if it changed (idle time elapsed, blur, panel hidden or closed, before a re-render). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.textarea.value;
    if (text === this.savedText || text === this.sentText) return;
    this.sentText = text;
    this.setStatus('Saving…', 'saving');
    this.save(text);
  }

  /** The host recorded `text` in the session. */
  confirmSaved(text: string): void {
    this.savedText = text;
    if (this.textarea.value === text) {
      this.sentText = undefined;
      this.setStatus('Saved', 'saved');
    }
  }

  /** A note from the session (restore); never overwrites what the user is typing. */
  applyView(view: StepView): void {
    if (view.note === undefined) return;
    const typing = this.timer !== undefined || document.activeElement === this.textarea;
    this.savedText = view.note;
    if (!typing || this.textarea.value === view.note) {
      this.textarea.value = view.note;
      this.autosize();
      this.setStatus(view.note ? 'Saved' : '', view.note ? 'saved' : '');
    }
  }

  setReadOnly(readOnly: boolean, why: string): void {
    this.textarea.readOnly = readOnly;
    this.textarea.title = readOnly ? why : '';
    this.element.classList.toggle('rb-readonly', readOnly);
  }

  private autosize(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight + 2, 400)}px`;
  }

  private setStatus(text: string, state: string): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }
}

function cssSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
