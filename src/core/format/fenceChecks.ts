// Fence hygiene: a fence never closed, and steps swallowed by a fence whose closing line is
// missing (the next block's opening ```bash line ends up inside the previous block).
import type { Token } from 'markdown-it';
import type { Diagnostic } from './model';
import { diagnostic } from './diagnostics';
import { infoLanguage } from './blocks';
import { isExecutableLanguage } from './languages';

const OPENER = /^[\s>]*(`{3,}|~{3,})[ \t]*\{?\s*\.?([^\s`{}]+)/;

/** A line that opens a fenced block with a language: inside another block, a sign of a missing closing fence (reported here). */
export const looksLikeFenceOpener = (line: string): boolean => OPENER.test(line);
const TASK = /^[\s>]*(?:[-*+]|\d+[.)])\s+\[[ xX]\](?:\s|$)/;

/**
 * Columns of leading indentation (tabs to the next multiple of 4, as CommonMark counts them).
 * A line indented 4+ columns inside a fence could never have opened a fence or a list item at
 * the block's level (it would be indented code), so it is not a swallowed step.
 */
function indentWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/**
 * Reports step-like lines inside a fence's content. In a closed fence only an opener that could
 * not be nested (same character, at least as long) counts; in an unclosed fence anything does.
 */
export function checkSwallowedSteps(token: Token, unterminated: boolean, out: Diagnostic[]): void {
  const raw = token.content;
  // Fast path: nothing that could open a fence or a task item.
  if (!raw.includes('```') && !raw.includes('~~~') && !(unterminated && raw.includes('['))) return;
  const opened = token.map![0] + 1;
  const content = raw.split('\n');
  for (let k = 0; k < content.length; k++) {
    const text = content[k]!;
    if (indentWidth(text) > 3) continue;
    const line = opened + 1 + k;
    const m = OPENER.exec(text);
    if (m && isExecutableLanguage(infoLanguage(m[2]!)) && (unterminated || (m[1]![0] === token.markup[0] && m[1]!.length >= token.markup.length))) {
      out.push(diagnostic('error', 'step-after-unterminated-fence', line, text.indexOf(m[1]!) + 1,
        `this '${m[1]}${m[2]}' step is swallowed by the code block opened at line ${opened}, which is not closed before it: add a closing ${token.markup} line above this one`,
        { endColumn: text.length + 1, data: { openedAt: String(opened) } }));
    } else if (unterminated && TASK.test(text)) {
      out.push(diagnostic('error', 'step-after-unterminated-fence', line, 1,
        `this check is swallowed by the code block opened at line ${opened}, which is never closed: add a closing ${token.markup} line after the code`,
        { endColumn: text.length + 1, data: { openedAt: String(opened) } }));
    }
  }
}
