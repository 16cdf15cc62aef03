// A line scan for fenced code blocks that works on half-typed text (an unclosed `{` while the user
// types), so completion and hover do not depend on the parser having accepted the fence line.
import { findClosingBrace } from '../format/attributes';
import { LANGUAGE_RUNNERS } from '../format/languages';

export interface FenceBlock {
  /** 0-based line of the opening fence. */
  readonly openLine: number;
  /** 0-based line of the closing fence; the line after the last when unterminated. */
  readonly closeLine: number;
  /** Lower-cased language of the info string ('' when none). */
  readonly lang: string;
  readonly executable: boolean;
  /** Columns (0-based) of the info string on the opening line. */
  readonly infoStart: number;
  /** The `{` column and the column after the matching `}` (undefined when not closed). */
  readonly braces?: { readonly open: number; readonly close?: number };
  /** Characters before the code on each body line (list indentation, `> ` of block quotes). */
  readonly prefix: string;
}

// Container prefix (block quotes, list markers, indentation), the fence marker, the info string.
const OPEN = /^((?:[ \t]*>[ \t]?)*(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)*[ \t]*)(`{3,}|~{3,})(.*)$/;

export function scanFences(lines: readonly string[], firstLine = 0): FenceBlock[] {
  const blocks: FenceBlock[] = [];
  for (let i = firstLine; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m) continue;
    const [, prefix, marker, info] = m as unknown as [string, string, string, string];
    if (marker[0] === '`' && info.includes('`')) continue; // inline code, not a fence
    const closeLine = findClose(lines, i + 1, marker);
    const infoStart = prefix.length + marker.length;
    const lang = (/^\s*([^\s{]*)/.exec(info)?.[1] ?? '').toLowerCase();
    const openBrace = info.indexOf('{');
    let braces: FenceBlock['braces'];
    if (openBrace >= 0) {
      const close = findClosingBrace(info, openBrace);
      braces = { open: infoStart + openBrace, ...(close >= 0 ? { close: infoStart + close + 1 } : {}) };
    }
    blocks.push({ openLine: i, closeLine, lang, executable: Object.hasOwn(LANGUAGE_RUNNERS, lang), infoStart, ...(braces ? { braces } : {}), prefix: bodyPrefix(prefix) });
    i = closeLine;
  }
  return blocks;
}

function findClose(lines: readonly string[], from: number, marker: string): number {
  const close = new RegExp(`^(?:[ \\t]*>[ \\t]?)*[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  for (let j = from; j < lines.length; j++) if (close.test(lines[j]!)) return j;
  return lines.length;
}

/** List markers become spaces on continuation lines; block-quote markers stay. */
function bodyPrefix(prefix: string): string {
  return prefix.replace(/(?:[-*+]|\d{1,9}[.)])([ \t]+)/g, (all) => ' '.repeat(all.length));
}
