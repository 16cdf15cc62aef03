// VS Code asks a CodeLens provider for a document's lenses again only after the provider's change
// event, once a debounce has passed (at least 250 ms; a slower provider gets a longer one), and it
// drops that pending request when the text editor loses focus (Monaco's CodeLens controller cancels
// its scheduler on blur). A person working in the notebook beside the editor blurs it with every
// click there, so a status announced just before a click would stay unshown until the next change
// (seen in the journey e2e: a step shown "not run" while it ran). The reminder repeats the change
// event, with growing delays, until VS Code has asked for that runbook's lenses or it is out of view.
// No `vscode` import: the rule is unit-tested (test/unit/lens-reminder.test.ts).

/** After an announced change, when to announce it again if VS Code has not asked (each delay once). */
export const REMINDER_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

export class LensReminder {
  /** Runbooks (by URI) whose last change VS Code has not asked for yet: the pending reminder. */
  private readonly owed = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * `fire`: the provider's change event. `inView`: a visible editor shows the runbook (VS Code asks
   * only for those; a hidden one is asked when it is shown).
   */
  constructor(private readonly fire: () => void, private readonly inView: (key: string) => boolean, private readonly delays: readonly number[] = REMINDER_DELAYS_MS) {}

  /** A change of the runbook's lenses was announced (the change event fired). */
  announced(key: string): void {
    this.remindAfter(key, 0);
  }

  /** VS Code asked for the runbook's lenses: what it gets is read now, so nothing is owed. */
  asked(key: string): void {
    clearTimeout(this.owed.get(key));
    this.owed.delete(key);
  }

  /** Runbooks with a reminder pending. */
  get pending(): readonly string[] {
    return [...this.owed.keys()];
  }

  dispose(): void {
    for (const timer of this.owed.values()) clearTimeout(timer);
    this.owed.clear();
  }

  private remindAfter(key: string, attempt: number): void {
    this.asked(key);
    const delay = this.delays[attempt];
    if (delay === undefined) return;
    this.owed.set(key, setTimeout(() => {
      this.owed.delete(key);
      if (!this.inView(key)) return;
      this.fire();
      this.remindAfter(key, attempt + 1);
    }, delay));
  }
}
