// Parses a fence's info string: the language and the `{…}` attributes in the three styles users
// already write — Pandoc/kramdown `{#id .class key=value key="quoted"}`, Runme `{ name=x a=b }`
// and Runme JSON `{"name":"x"}`. Pure syntax; values are checked in attributeValues.ts.
import type { AttributeEntry, AttributeValue } from './model';
import { errorMessage } from '../text/errorMessage';

export interface InfoProblem {
  readonly message: string;
  /** 1-based columns on the fence line. */
  readonly column: number;
  readonly endColumn: number;
}

export interface ParsedInfo {
  readonly lang: string;
  /** Words after the language outside braces (e.g. `norun`). */
  readonly words: readonly string[];
  readonly classes: readonly string[];
  readonly entries: readonly AttributeEntry[];
  /** Columns of the `{…}` (end exclusive) when present. */
  readonly braces?: { readonly column: number; readonly endColumn: number };
  readonly problems: readonly InfoProblem[];
}

/**
 * @param info   the info string as written (after the fence marker, trimmed)
 * @param column 1-based column where `info` starts on the source line
 */
export function parseInfoString(info: string, column: number): ParsedInfo {
  const problems: InfoProblem[] = [];
  const open = info.indexOf('{');
  const head = open < 0 ? info : info.slice(0, open);
  const headWords = head.trim().split(/\s+/).filter(Boolean);
  let lang = (headWords.shift() ?? '').toLowerCase();
  const words = headWords.map((w) => w.toLowerCase());
  if (open < 0) return { lang, words, classes: [], entries: [], problems };

  const close = findClosingBrace(info, open);
  if (close < 0) {
    problems.push({ message: "attribute braces are not closed: add '}' at the end of the fence line", column: column + open, endColumn: column + info.length });
    return { lang, words, classes: [], entries: [], problems, braces: { column: column + open, endColumn: column + info.length } };
  }
  const trailing = info.slice(close + 1).trim();
  if (trailing) {
    const at = info.indexOf(trailing, close + 1);
    problems.push({ message: `unexpected text '${trailing}' after the attribute braces: move it inside '{…}' or remove it`, column: column + at, endColumn: column + at + trailing.length });
  }
  const body = info.slice(open + 1, close);
  const bodyColumn = column + open + 1;
  const parsed = /^\s*"/.test(body) ? parseJsonAttributes(body, bodyColumn, problems) : parsePandocAttributes(body, bodyColumn, problems);
  // Pandoc style `{.bash #id}` names the language as the first class.
  let classes = parsed.classes;
  if (!lang && classes.length > 0) {
    lang = classes[0]!.toLowerCase();
    classes = classes.slice(1);
  }
  return { lang, words, classes, entries: parsed.entries, problems, braces: { column: column + open, endColumn: column + close + 1 } };
}

/**
 * Index of the `}` that closes the brace at `open`, skipping quoted strings; -1 when none.
 * Runme's JSON style (`{"name":"x","env":{"A":"1"}}`) may nest objects and arrays, so there the
 * closing brace is the one at depth zero; JSON.parse then reads the whole brace text.
 */
export function findClosingBrace(info: string, open: number): number {
  const json = /^\s*"/.test(info.slice(open + 1));
  let quote: string | undefined;
  let depth = 0;
  for (let i = open + 1; i < info.length; i++) {
    const ch = info[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || (ch === "'" && !json)) quote = ch;
    else if (json && (ch === '{' || ch === '[')) depth++;
    else if (json && ch === ']') depth--;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

interface BodyResult {
  classes: string[];
  entries: AttributeEntry[];
}

function parsePandocAttributes(body: string, col: number, problems: InfoProblem[]): BodyResult {
  const classes: string[] = [];
  const entries: AttributeEntry[] = [];
  let i = 0;
  while (i < body.length) {
    if (isSpace(body.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    if (body[i] === '#' || body[i] === '.') {
      const sigil = body[i]!;
      i++;
      while (i < body.length && !isSpace(body.charCodeAt(i))) i++;
      const name = body.slice(start + 1, i);
      if (!name) problems.push({ message: `'${sigil}' must be followed by a name, e.g. ${sigil === '#' ? '#build' : '.class'}`, column: col + start, endColumn: col + i });
      else if (sigil === '.') classes.push(name);
      else entries.push({ key: 'id', value: name, column: col + start, endColumn: col + i });
      continue;
    }
    while (i < body.length && !isSpace(body.charCodeAt(i)) && body[i] !== '=') i++;
    const key = body.slice(start, i);
    if (body[i] !== '=') {
      if (/^["']/.test(key)) problems.push({ message: `unexpected quoted text ${key}: write key="value"`, column: col + start, endColumn: col + i });
      else entries.push({ key, value: true, column: col + start, endColumn: col + i });
      continue;
    }
    if (!key) {
      problems.push({ message: "'=' without a key before it: write key=value", column: col + start, endColumn: col + i + 1 });
    }
    i++; // '='
    let value: string;
    const q = body[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      let out = '';
      while (j < body.length && body[j] !== q) {
        if (body[j] === '\\' && j + 1 < body.length) j++;
        out += body[j];
        j++;
      }
      if (j >= body.length) {
        problems.push({ message: `the quoted value of '${key}' is not closed: add the closing ${q}`, column: col + i, endColumn: col + body.length });
        return { classes, entries };
      }
      value = out;
      i = j + 1;
    } else {
      const vStart = i;
      while (i < body.length && !isSpace(body.charCodeAt(i))) i++;
      value = body.slice(vStart, i);
    }
    if (key) entries.push({ key, value, column: col + start, endColumn: col + i });
  }
  return { classes, entries };
}

function parseJsonAttributes(body: string, col: number, problems: InfoProblem[]): BodyResult {
  const entries: AttributeEntry[] = [];
  let data: unknown;
  try {
    data = JSON.parse(`{${body}}`);
  } catch (error) {
    const reason = errorMessage(error);
    problems.push({ message: `attributes look like JSON but do not parse (${reason}): write {"key":"value", …}`, column: col - 1, endColumn: col + body.length + 1 });
    return { classes: [], entries };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { classes: [], entries };
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    const at = body.indexOf(JSON.stringify(key));
    const column = col + Math.max(0, at);
    // Numbers keep their JSON spelling; nested objects and arrays their JSON text, which the
    // attribute that reads them parses again (no Runbook attribute takes one today).
    if (raw === null) continue;
    const value: AttributeValue = typeof raw === 'string' || typeof raw === 'boolean' ? raw : JSON.stringify(raw);
    entries.push({ key, value, column, endColumn: column + key.length + 2 });
  }
  return { classes: [], entries };
}

/** Space, tab and the other whitespace a fence line can hold (no newlines there). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0;
}
