// Manual checks: the checkbox placeholders of task-list items become real controls whose state
// is recorded in the session (the host), never written into the Markdown file.
import type { CheckStep } from '../core/format/model';

export class CheckBox {
  constructor(
    readonly input: HTMLInputElement,
    private step: CheckStep,
    private readonly onToggle: (stepId: string, checked: boolean) => void,
  ) {
    input.dataset.stepId = step.id;
    input.setAttribute('aria-label', `Check: ${step.text || step.title}`);
    input.addEventListener('change', () => this.onToggle(this.step.id, input.checked));
  }

  get stepId(): string {
    return this.step.id;
  }

  /** `checked` from the session; without one the source's `[x]` is shown. */
  apply(checked: boolean | undefined, readOnlyReason: string | undefined): void {
    this.input.checked = checked ?? this.step.checked;
    // What the session has recorded (set once the host confirms); the file's [x] is not recorded.
    if (checked === undefined) delete this.input.dataset.recorded;
    else this.input.dataset.recorded = String(checked);
    this.input.disabled = readOnlyReason !== undefined;
    this.input.title = readOnlyReason ?? 'Recorded in the session, not in the file';
  }
}

/** Wires every checkbox placeholder under `root` to its check step (matched by source line). */
export function attachChecks(root: HTMLElement, checks: readonly CheckStep[], onToggle: (stepId: string, checked: boolean) => void): CheckBox[] {
  const byLine = new Map(checks.map((c) => [c.line, c]));
  const boxes: CheckBox[] = [];
  for (const input of root.querySelectorAll<HTMLInputElement>('input.rb-check')) {
    const step = byLine.get(Number(input.dataset.line));
    if (!step) {
      // A task item the parser does not treat as a check (e.g. inside a blockquote): display only.
      input.checked = input.dataset.sourceChecked === 'true';
      input.disabled = true;
      continue;
    }
    boxes.push(new CheckBox(input, step, onToggle));
  }
  return boxes;
}
