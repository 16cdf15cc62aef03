// What a person sees on each step fence of the Markdown editor: the CodeLens line above it
// ("Run step | Run from here | passed (exit 0, 12 ms)") and the status icon in its gutter. Read
// from the DOM of the workbench (code-server in Chromium), for the e2e tests that check that the
// lens and the gutter tell the same story. Only fences drawn in the viewport are seen: Monaco
// renders (and refreshes) lenses of the lines in view.
import type { Page } from 'playwright-core';

export interface FenceView {
  readonly id: string;
  /** The CodeLens text above the fence; '' when none is drawn. */
  readonly lens: string;
  /** The gutter image's status (passed, failed, running, stale, …); '' when none. */
  readonly gutter: string;
}

/** Runs in the page: the fences (```lang {#id}) of the visible text editors with their lens and gutter. */
function readFences(): FenceView[] {
  const out: { id: string; lens: string; gutter: string }[] = [];
  for (const editor of document.querySelectorAll('.monaco-editor')) {
    const lenses = [...editor.querySelectorAll('.codelens-decoration')].map((el) => ({ el, box: el.getBoundingClientRect() })).filter((l) => l.box.height > 0);
    const gutters = [...editor.querySelectorAll('.cgmr')].map((el) => ({ el, box: el.getBoundingClientRect() })).filter((g) => g.box.height > 0);
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      const id = /^\s*```\S*\s*\{#([^\s}]+)/.exec((line.textContent ?? '').replace(/\u00a0/g, ' '))?.[1];
      if (!id) continue;
      const box = line.getBoundingClientRect();
      // The lens sits in a view zone right above its line; the gutter icon on the line itself.
      const lens = lenses.find((l) => l.box.bottom <= box.top + 2 && l.box.bottom >= box.top - box.height);
      const gutter = gutters.find((g) => Math.abs(g.box.top + g.box.height / 2 - (box.top + box.height / 2)) < box.height / 2);
      const image = gutter ? decodeURIComponent(getComputedStyle(gutter.el).backgroundImage) : '';
      out.push({ id, lens: (lens?.el.textContent ?? '').replace(/\u00a0/g, ' ').trim(), gutter: /\/([a-z-]+)-(?:light|dark)\.svg/.exec(image)?.[1] ?? '' });
    }
  }
  return out;
}

/** The fences in view now. */
export function stepFences(page: Page): Promise<FenceView[]> {
  return page.evaluate(readFences);
}

/** The status word a lens shows for a gutter status (none for a step without a result). */
const LENS_WORD: Readonly<Record<string, RegExp>> = {
  passed: /\bpassed \(exit 0/, failed: /\bfailed\b/, running: /\brunning\b/, stale: /\bstale\b/, 'timed-out': /\btimed out\b/,
  skipped: /\bskipped\b/, blocked: /\bblocked\b/, cancelled: /\bcancelled\b/,
};

/**
 * Waits until every listed step's fence is in view with that gutter status and a CodeLens saying
 * the same; throws with what the editor shows if it does not come to that.
 */
export async function waitForFences(page: Page, want: Readonly<Record<string, string>>, timeoutMs = 15_000): Promise<FenceView[]> {
  const wanted = Object.entries(want).map(([id, gutter]) => [id, gutter, LENS_WORD[gutter]?.source ?? '^(?!.*\\b(passed|failed|running|stale)\\b)'] as const);
  const agrees = `((wanted) => { const seen = (${readFences.toString()})(); return wanted.every(([id, gutter, word]) => seen.some((f) => f.id === id && f.gutter === gutter && new RegExp(word).test(f.lens))); })`;
  try {
    await page.waitForFunction(`${agrees}(${JSON.stringify(wanted)})`, undefined, { timeout: timeoutMs });
  } catch (error) {
    throw new Error(`the editor's step fences do not show ${JSON.stringify(want)} (CodeLens and gutter); they show ${JSON.stringify(await stepFences(page))}`, { cause: error });
  }
  return stepFences(page);
}
