// Renders a runbook's Markdown the way VS Code's Markdown preview does: markdown-it with raw HTML
// off (so every character of the runbook is escaped), GFM tables (built in) and task lists,
// highlight.js for code. Step fences become empty slots that the card module fills with DOM;
// block elements carry `data-line` (1-based source line) for scroll anchoring.
import MarkdownIt from 'markdown-it';
import type { Runbook } from '../../core/format/model';
import { highlightCode } from './highlight';
import { taskListPlugin } from './taskLists';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: (code, lang) => highlightCode(code, lang) });
md.use(taskListPlugin);

// Source lines on block elements (like the preview's `data-line`), used to keep the scroll
// position across re-renders.
md.core.ruler.push('runbook-source-lines', (state) => {
  for (const token of state.tokens) {
    if (token.map && token.nesting === 1 && token.level === 0) token.attrSet('data-line', String(token.map[0] + 1));
  }
});

// GitHub-style heading ids so in-document links (#section) work.
md.core.ruler.push('runbook-heading-ids', (state) => {
  const used = new Map<string, number>();
  state.tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = state.tokens[i + 1]?.content ?? '';
    const base = slugify(text);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    token.attrSet('id', n ? `${base}-${n}` : base);
  });
});

export function slugify(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const defaultFence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, idx, options, rawEnv, self) => {
  const env = rawEnv as unknown as RenderEnv;
  const token = tokens[idx]!;
  const line = (token.map?.[0] ?? -1) + 1;
  if (env.stepLines.has(line)) {
    env.renderedStepLines.push(line);
    return `<div class="rb-step-slot" data-line="${line}"></div>\n`;
  }
  return defaultFence(tokens, idx, options, rawEnv, self);
};

interface RenderEnv {
  /** 1-based fence lines of the runbook's code steps. */
  readonly stepLines: ReadonlySet<number>;
  readonly renderedStepLines: number[];
}

export interface RenderedMarkdown {
  /** Safe HTML: markdown-it escapes all text, raw HTML is disabled, slots are fixed strings. */
  readonly html: string;
  /** Fence lines that became step slots, in document order. */
  readonly stepLines: readonly number[];
}

/** Blank out the YAML front matter (keeping line numbers) so it is not rendered as text. */
export function withoutFrontMatter(text: string, runbook: Pick<Runbook, 'frontMatter'>): string {
  const fm = runbook.frontMatter;
  const lines = text.split('\n');
  let end = -1;
  if (fm) end = fm.endLine;
  else if (lines[0] === '---') {
    const close = lines.findIndex((l, i) => i > 0 && (l === '---' || l === '...'));
    if (close > 0) end = close + 1;
  }
  if (end <= 0) return text;
  for (let i = 0; i < end && i < lines.length; i++) lines[i] = '';
  return lines.join('\n');
}

export function renderMarkdown(text: string, runbook: Runbook): RenderedMarkdown {
  const stepLines = new Set(runbook.steps.filter((s) => s.kind === 'code').map((s) => s.line));
  const env: RenderEnv = { stepLines, renderedStepLines: [] };
  const html = md.render(withoutFrontMatter(text, runbook), env as unknown as Record<string, unknown>);
  return { html, stepLines: env.renderedStepLines };
}
