// Renders a runbook's Markdown the way GitHub and VS Code's preview do: markdown-it with HTML on
// (CommonMark's HTML blocks and inline HTML), GFM tables (built in), task lists, alerts and emoji
// shortcodes (githubExtras.ts), highlight.js for code. The result is NOT safe on its own: it goes to the DOM only through sanitizeRendered
// (render/sanitize.ts, DOMPurify). Step fences become empty slots that the card module fills with
// DOM; block elements carry `data-line` (1-based source line) for scroll anchoring. Everything
// this renderer adds carries the render's random key, so the sanitiser can tell it from the
// runbook's own HTML.
import MarkdownIt from 'markdown-it';
import type { Runbook } from '../../core/format/model';
import { githubExtrasPlugin } from './githubExtras';
import { highlightCode } from './highlight';
import { KEY_ATTRIBUTE } from './sanitize';
import { taskListPlugin } from './taskLists';

const md = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight: (code, lang) => highlightCode(code, lang) });
md.use(taskListPlugin);
md.use(githubExtrasPlugin);

// Source lines on block elements (like the preview's `data-line`), used to keep the scroll
// position across re-renders.
md.core.ruler.push('runbook-source-lines', (state) => {
  for (const token of state.tokens) {
    if (token.map && token.nesting === 1 && token.level === 0) {
      token.attrSet('data-line', String(token.map[0] + 1));
      token.attrSet(KEY_ATTRIBUTE, (state.env as unknown as RenderEnv).key);
    }
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
    token.attrSet(KEY_ATTRIBUTE, (state.env as unknown as RenderEnv).key);
  });
});

export function slugify(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

// The runbook's raw HTML, before the sanitiser sees it. Comments are hidden (dropped here). A
// token that opens an element whose content the HTML parser reads as raw text or foreign content
// (<style>, <script>, <textarea>, <plaintext>, <svg>, <math>…) would swallow the rest of the
// page, step cards included, if left unclosed; GitHub drops these elements anyway, so such a
// token is shown as escaped text instead.
const LEADING_COMMENT = /^\s*<!--[\s\S]*?(?:-->|$)/;
const SWALLOWING_TAG = /<\/?(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template|svg|math|select|object|embed|frameset|frame|head|body|html|listing)(?=[\s/>]|$)/i;

/** The raw HTML to pass on (comments removed), or the text escaped when it could swallow the page. */
function rawHtml(content: string): { readonly html: string; readonly escaped: boolean } {
  let rest = content;
  while (LEADING_COMMENT.test(rest)) rest = rest.replace(LEADING_COMMENT, '');
  if (rest.trim() === '') return { html: '', escaped: false };
  return SWALLOWING_TAG.test(rest) ? { html: md.utils.escapeHtml(rest), escaped: true } : { html: rest, escaped: false };
}
md.renderer.rules.html_block = (tokens, idx) => {
  const { html, escaped } = rawHtml(tokens[idx]!.content);
  return escaped ? `<p>${html}</p>\n` : html;
};
// Table parts inside a paragraph or heading make the parser move the content that follows
// ("foster parenting"), check boxes included: inline, they are shown as text.
const TABLE_TAG = /^<\/?(?:table|caption|colgroup|col|thead|tbody|tfoot|tr|td|th)(?=[\s/>])/i;
md.renderer.rules.html_inline = (tokens, idx) => {
  const content = tokens[idx]!.content;
  return TABLE_TAG.test(content) ? md.utils.escapeHtml(content) : rawHtml(content).html;
};

const defaultFence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, idx, options, rawEnv, self) => {
  const env = rawEnv as unknown as RenderEnv;
  const token = tokens[idx]!;
  const line = (token.map?.[0] ?? -1) + 1;
  if (env.stepLines.has(line)) {
    env.renderedStepLines.push(line);
    return `<div class="rb-step-slot" data-line="${line}" ${KEY_ATTRIBUTE}="${env.key}"></div>\n`;
  }
  return defaultFence(tokens, idx, options, rawEnv, self);
};

export interface RenderEnv {
  /** Random per render (base64url): marks the markup this renderer produced. */
  readonly key: string;
  /** 1-based fence lines of the runbook's code steps. */
  readonly stepLines: ReadonlySet<number>;
  readonly renderedStepLines: number[];
}

export interface RenderedMarkdown {
  /** markdown-it's HTML, the runbook's raw HTML included: UNSAFE until sanitizeRendered(html, key). */
  readonly html: string;
  /** The render's random key (see sanitize.ts). */
  readonly key: string;
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
  const env: RenderEnv = { key: randomKey(), stepLines, renderedStepLines: [] };
  const html = md.render(withoutFrontMatter(text, runbook), env as unknown as Record<string, unknown>);
  return { html, key: env.key, stepLines: env.renderedStepLines };
}

/** 128 random bits: a runbook cannot guess the key of the render that shows it. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
