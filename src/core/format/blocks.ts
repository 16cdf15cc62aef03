// The block structure every part of Runbook reads steps and checks from: markdown-it's block
// parser with raw HTML *enabled*, so CommonMark's seven kinds of HTML block (comments,
// `<div>…</div>`, `<details>` without blank lines, `<script>`, …) swallow what they contain
// exactly as on GitHub and in VS Code's preview: a fence or task item inside one is HTML, not a
// step. Nothing here renders HTML; the tokens only say where blocks are.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

const md = new MarkdownIt({ html: true });
// Block structure only: inline parsing (the expensive half) is done on demand for titles.
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

/** Block tokens of a Markdown text (front matter already blanked by the caller); `env` receives its link reference definitions. */
export function blockTokens(text: string, env: InlineEnv = {}): Token[] {
  return md.parse(text, env);
}

/** markdown-it's parse environment: the document's `[label]: url` definitions, for titles' reference links. */
export type InlineEnv = Record<string, unknown>;

/**
 * The language of an info string as CommonMark defines it: the first word after backslash
 * escapes and entities are decoded (`b&#97;sh` is `bash`), lower-cased. Runbook's `{…}`
 * attributes after it are read from the raw text so their columns stay true.
 */
export function infoLanguage(info: string): string {
  const word = /^\s*([^\s{]*)/.exec(info)?.[1] ?? '';
  if (!word.includes('&') && !word.includes('\\')) return word.toLowerCase();
  return (md.utils.unescapeAll(word).split(/\s/, 1)[0] ?? '').toLowerCase();
}

/** How many source lines a fence's code spans: one per `\n`, plus an unfinished last line. */
function codeLineCount(code: string): number {
  let n = 0;
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) n++;
  return code.length > 0 && !code.endsWith('\n') ? n + 1 : n;
}

/**
 * Whether markdown-it found a closing fence for this token. markdown-it's map covers the opening
 * line, the code lines and (only when closed) the closing line, so the count of code lines says
 * it — this follows CommonMark in every container (lists, block quotes) and never mistakes a
 * line indented 4+ spaces, which cannot close a fence, for a closing fence.
 */
export function fenceIsClosed(token: Token): boolean {
  const [start, end] = token.map!;
  return end - start - 2 === codeLineCount(token.content);
}

/**
 * The code of a fence as CommonMark gives it: every code line ends with a newline, including a
 * last line at the very end of a file that has no final newline (markdown-it drops that one).
 */
export function fenceCode(token: Token): string {
  const code = token.content;
  return code.length > 0 && !code.endsWith('\n') ? `${code}\n` : code;
}
