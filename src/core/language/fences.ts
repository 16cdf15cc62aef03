// Fenced code blocks for editor features (completion, hover, quick fixes), taken from the
// parser's own block structure so the language server agrees with the panel, the CLI and
// GitHub: a fence inside an HTML comment or `<div>` is not a fence here either. Only the column
// facts (info string, braces, container prefix) are read from the line, and they tolerate an
// unclosed `{` while the user types.
import { findClosingBrace } from '../format/attributes';
import { LANGUAGE_RUNNERS } from '../format/languages';
import type { FenceFact } from '../format/parse';

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

/** Adds the columns of each parsed fence, read from its opening line. */
export function fenceBlocks(fences: readonly FenceFact[], lines: readonly string[]): FenceBlock[] {
  return fences.map((f) => {
    const text = lines[f.openLine] ?? '';
    const markerAt = Math.max(0, text.indexOf(f.markup));
    const infoStart = markerAt + f.markup.length;
    const info = text.slice(infoStart);
    const openBrace = info.indexOf('{');
    let braces: FenceBlock['braces'];
    if (openBrace >= 0) {
      const close = findClosingBrace(info, openBrace);
      braces = { open: infoStart + openBrace, ...(close >= 0 ? { close: infoStart + close + 1 } : {}) };
    }
    return {
      openLine: f.openLine, closeLine: f.closeLine, lang: f.lang, executable: Object.hasOwn(LANGUAGE_RUNNERS, f.lang),
      infoStart, ...(braces ? { braces } : {}), prefix: bodyPrefix(text.slice(0, markerAt)),
    };
  });
}

/** List markers become spaces on continuation lines; block-quote markers stay. */
function bodyPrefix(prefix: string): string {
  return prefix.replace(/(?:[-*+]|\d{1,9}[.)])([ \t]+)/g, (all) => ' '.repeat(all.length));
}
