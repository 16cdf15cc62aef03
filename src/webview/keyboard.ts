// Keyboard use of the notebook: with a card focused, ↓/j and ↑/k move between steps, Home/End
// jump to the first/last, Enter runs (or re-runs) the focused step, Escape cancels it.
import type { StepCard } from './cards';

export function installKeyboard(root: HTMLElement, cardsInOrder: () => readonly StepCard[]): void {
  root.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (!target?.classList.contains('rb-card') || event.altKey || event.ctrlKey || event.metaKey) return;
    const cards = cardsInOrder();
    const index = cards.findIndex((c) => c.element === target);
    if (index < 0) return;
    const focus = (i: number) => {
      const card = cards[Math.max(0, Math.min(cards.length - 1, i))];
      card?.element.focus();
      card?.element.scrollIntoView({ block: 'nearest' });
    };
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        focus(index + 1);
        break;
      case 'ArrowUp':
      case 'k':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(cards.length - 1);
        break;
      case 'Enter':
        handled = cards[index]!.activate();
        break;
      case 'Escape':
        handled = cards[index]!.cancelIfRunning();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });
}
