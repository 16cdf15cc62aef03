// Keeps the reader's place across re-renders. A step card visible near the top is the best anchor
// (its id survives edits above it); otherwise the source line of the top block is used.
export interface ScrollAnchor {
  readonly stepId?: string;
  readonly line: number;
  /** Distance of the anchor's top from the viewport's top, in pixels. */
  readonly offset: number;
}

function blocks(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(':scope > [data-line]')];
}

export function captureAnchor(root: HTMLElement): ScrollAnchor | undefined {
  const all = blocks(root);
  const first = all.findIndex((el) => el.getBoundingClientRect().bottom > 0);
  if (first < 0) return undefined;
  const card = all.slice(first).find((el) => el.dataset.stepId !== undefined && el.getBoundingClientRect().top < window.innerHeight);
  const el = card ?? all[first]!;
  return { stepId: card?.dataset.stepId, line: Number(el.dataset.line), offset: el.getBoundingClientRect().top };
}

export function restoreAnchor(root: HTMLElement, anchor: ScrollAnchor | undefined): void {
  if (!anchor) return;
  let target: HTMLElement | undefined;
  if (anchor.stepId !== undefined) target = blocks(root).find((el) => el.dataset.stepId === anchor.stepId);
  if (!target) {
    for (const el of blocks(root)) {
      if (Number(el.dataset.line) <= anchor.line) target = el;
      else break;
    }
  }
  if (target) window.scrollBy(0, target.getBoundingClientRect().top - anchor.offset);
}

export function scrollToLine(root: HTMLElement, line: number): void {
  restoreAnchor(root, { line, offset: 0 });
}
