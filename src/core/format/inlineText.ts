// Titles and section names are the *rendered* text of a heading or paragraph: markdown-it's
// inline parser (run on just that source, which is cheap) reduces links, images, badges,
// emphasis, code spans, entities and escapes to their text, and raw HTML to nothing.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** How much of a heading or paragraph is rendered for a title (titles are cut far shorter). */
export const MAX_TITLE_SOURCE = 2_000;

// Only text-bearing characters: anything that could start markup takes the inline parser.
const MARKUP = /[`*_[\]\\!<&~]|\s\s|\n/;

/** Whether the source may hold markup (so its text differs from the source, whitespace aside). */
export function hasMarkup(markdown: string): boolean {
  return MARKUP.test(markdown);
}

/**
 * Markdown source of a heading or paragraph → its plain text, whitespace collapsed. `env` is the
 * block parse's environment, so `[text][label]` resolves against the document's definitions.
 */
export function plainText(markdown: string, env: Record<string, unknown> = {}): string {
  if (!MARKUP.test(markdown)) return markdown.trim();
  // markdown-it's link rule is quadratic on long runs of brackets; a title shows far less than
  // this, so only its source's start is rendered (a hostile 200 KB line stays milliseconds).
  const source = markdown.length > MAX_TITLE_SOURCE ? markdown.slice(0, MAX_TITLE_SOURCE) : markdown;
  const out: string[] = [];
  for (const token of md.parseInline(source, env)) collect(token.children ?? [], out);
  return out.join('').replace(/\s+/g, ' ').trim();
}

function collect(tokens: readonly Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'code_inline':
        out.push(t.content);
        break;
      case 'image':
        // The alt text (markdown-it keeps it as the image's children).
        collect(t.children ?? [], out);
        break;
      case 'softbreak':
      case 'hardbreak':
        out.push(' ');
        break;
      // html_inline (tags, comments) is never text; link/emphasis open/close tokens carry none.
      default:
        break;
    }
  }
}
