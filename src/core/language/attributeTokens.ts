// Lexical tokens of a fence's `{…}` with their columns, for hover, completion and quick fixes.
// The format's parser decides what the attributes mean; this only says where each piece is,
// and also works on an unfinished brace while the user types.

export interface AttributeToken {
  /** `id` for `#x`, `class` for `.x`, otherwise the key as written (unquoted for JSON style). */
  readonly key: string;
  readonly style: 'hash' | 'class' | 'pair' | 'flag' | 'json';
  /** 0-based columns on the line; end exclusive. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The value text without quotes, and its columns (inside the quotes). */
  readonly value?: string;
  readonly valueStart?: number;
  readonly valueEnd?: number;
}

/**
 * @param line  the fence line
 * @param open  column of `{`
 * @param close column after `}`, or undefined to scan to the end of the line
 */
export function attributeTokens(line: string, open: number, close?: number): AttributeToken[] {
  const end = close === undefined ? line.length : close - 1;
  const tokens: AttributeToken[] = [];
  const json = /^\s*"/.test(line.slice(open + 1, end));
  let i = open + 1;
  while (i < end) {
    const ch = line[i]!;
    if (/[\s,:]/.test(ch)) {
      i++;
      continue;
    }
    if (json) {
      const key = readQuoted(line, i, end);
      let j = key.next;
      while (j < end && /\s/.test(line[j]!)) j++;
      if (line[j] !== ':') {
        tokens.push({ key: key.text, style: 'json', keyStart: key.start, keyEnd: key.end });
        i = j;
        continue;
      }
      j++;
      while (j < end && /\s/.test(line[j]!)) j++;
      const value = line[j] === '"' ? readQuoted(line, j, end) : line[j] === '{' || line[j] === '[' ? readNested(line, j, end) : readBare(line, j, end, /[\s,}]/);
      tokens.push({ key: key.text, style: 'json', keyStart: key.start, keyEnd: key.end, value: value.text, valueStart: value.start, valueEnd: value.end });
      i = value.next;
      continue;
    }
    if (ch === '#' || ch === '.') {
      const name = readBare(line, i + 1, end, /\s/);
      tokens.push({ key: ch === '#' ? 'id' : 'class', style: ch === '#' ? 'hash' : 'class', keyStart: i, keyEnd: i + 1, value: name.text, valueStart: name.start, valueEnd: name.end });
      i = Math.max(name.next, i + 1);
      continue;
    }
    const key = readBare(line, i, end, /[\s=]/);
    if (line[key.next] !== '=') {
      tokens.push({ key: key.text, style: 'flag', keyStart: key.start, keyEnd: key.end });
      i = Math.max(key.next, i + 1);
      continue;
    }
    const at = key.next + 1;
    const value = line[at] === '"' || line[at] === "'" ? readQuoted(line, at, end) : readBare(line, at, end, /\s/);
    tokens.push({ key: key.text, style: 'pair', keyStart: key.start, keyEnd: key.end, value: value.text, valueStart: value.start, valueEnd: value.end });
    i = Math.max(value.next, at);
  }
  return tokens;
}

interface Piece {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

function readBare(line: string, from: number, end: number, stop: RegExp): Piece {
  let j = from;
  while (j < end && !stop.test(line[j]!)) j++;
  return { text: line.slice(from, j), start: from, end: j, next: j };
}

/** A nested JSON object or array (`{"CI":"1"}`): one value, up to its matching bracket. */
function readNested(line: string, from: number, end: number): Piece {
  let depth = 0;
  let j = from;
  for (; j < end; j++) {
    const ch = line[j]!;
    if (ch === '"') j = readQuoted(line, j, end).end;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) break;
  }
  const stop = Math.min(j + 1, end);
  return { text: line.slice(from, stop), start: from, end: stop, next: stop };
}

function readQuoted(line: string, from: number, end: number): Piece {
  const quote = line[from]!;
  let j = from + 1;
  while (j < end && line[j] !== quote) j += line[j] === '\\' ? 2 : 1;
  const stop = Math.min(j, end);
  return { text: line.slice(from + 1, stop), start: from + 1, end: stop, next: Math.min(stop + 1, end) };
}

/** The token whose key or value spans `column` (end inclusive, so a cursor right after a word counts). */
export function tokenAt(tokens: readonly AttributeToken[], column: number): { token: AttributeToken; part: 'key' | 'value' } | undefined {
  for (const token of tokens) {
    if (column >= token.keyStart && column <= token.keyEnd && token.style !== 'hash' && token.style !== 'class') return { token, part: 'key' };
    if (token.valueStart !== undefined && column >= token.valueStart && column <= token.valueEnd!) return { token, part: 'value' };
    if ((token.style === 'hash' || token.style === 'class') && column >= token.keyStart && column <= (token.valueEnd ?? token.keyEnd)) return { token, part: 'value' };
  }
  return undefined;
}
