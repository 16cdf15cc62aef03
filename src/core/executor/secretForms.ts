// The forms a secret value takes when a program prints it escaped rather than as is: shell
// quoting (`set -x`, `declare -p`, `printf %q`), JSON strings (JSON.stringify, Python's
// json.dumps with and without ensure_ascii), Python's repr, URL encoding (%20 and +) and base64
// (the whole value, and the characters that stay the same wherever the value sits inside a
// longer base64 stream, at each of the three byte offsets). The masker masks every form.
// Forms that would be shorter than MIN_FORM characters (base64 fragments of short values) are
// left out: they would mask innocent output.

const MIN_FORM = 6;

export function secretForms(value: string): string[] {
  if (value.length === 0) return [];
  const forms = [
    value,
    shellSingleQuoted(value),
    shellAnsiC(value),
    shellAnsiCBytes(value),
    shellBackslashed(value),
    shellDoubleQuoted(value),
    JSON.stringify(value).slice(1, -1),
    asciiJson(value),
    pythonRepr(value),
    encodeURIComponent(value),
    strictUrlEncode(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    strictUrlEncode(value).replace(/%20/g, '+'),
    ...base64Forms(Buffer.from(value, 'utf8')),
  ];
  return [...new Set(forms)].filter((f) => f === value || f.length >= MIN_FORM);
}

/** Inside '…' as bash's `set -x` and `${v@Q}` print it: each ' becomes '\'' . */
function shellSingleQuoted(v: string): string {
  return v.replace(/'/g, `'\\''`);
}

/** Inside $'…' (bash prints values with control characters this way). */
function shellAnsiC(v: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\\': '\\\\', "'": "\\'" };
  return v.replace(/[\n\t\r\x1b\\']|[\x00-\x1f\x7f]/g, (c) => named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`); // eslint-disable-line no-control-regex
}

/** Inside $'…' in the C locale: bytes of non-ASCII characters as octal (\303\251 for é). */
function shellAnsiCBytes(v: string): string {
  let out = '';
  for (const byte of Buffer.from(shellAnsiC(v), 'utf8')) out += byte >= 0x80 ? `\\${byte.toString(8)}` : String.fromCharCode(byte);
  return out;
}

/** Backslash before each shell metacharacter, as `printf %q` writes a value without control characters. */
function shellBackslashed(v: string): string {
  return v.replace(/[ \t!"#$&'()*,;<=>?[\\\]^`{|}~]/g, '\\$&');
}

/** Inside "…" as `declare -p` / `export -p` print it: \ " $ ` escaped. */
function shellDoubleQuoted(v: string): string {
  return v.replace(/[\\"$`]/g, '\\$&');
}

/** JSON with every non-ASCII character as \uXXXX (Python's json.dumps default). */
function asciiJson(v: string): string {
  return JSON.stringify(v)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The inside of Python's repr() of a str (quote chosen the way Python chooses it). */
function pythonRepr(v: string): string {
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = '';
  for (const c of v) {
    const code = c.codePointAt(0)!;
    if (c === '\\') out += '\\\\';
    else if (c === quote) out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

/** Percent-encoding of everything but A-Z a-z 0-9 - _ . ~ (Python's quote(v, safe=''), RFC 3986). */
function strictUrlEncode(v: string): string {
  return encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The whole value in base64 (padded, and URL-safe), plus, for each offset 0-2 at which the value
 * can start inside a longer byte stream, the run of base64 characters that depend on the value's
 * bytes alone (characters straddling a neighbouring byte differ with the neighbour).
 */
function base64Forms(bytes: Buffer): string[] {
  const whole = bytes.toString('base64');
  const out = [whole, whole.replace(/\+/g, '-').replace(/\//g, '_')];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}
