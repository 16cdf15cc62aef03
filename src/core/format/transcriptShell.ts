// The little shell knowledge a transcript split needs: which prompts a language writes, where a
// here-document starts and ends, and whether a command is still open (so that a `> ` / `>> `
// secondary prompt continues it). Deliberately shallow: see docs/format.md, "Transcripts".

/** Prompt families: POSIX shells, PowerShell, cmd.exe. */
export type PromptStyle = 'posix' | 'powershell' | 'cmd';

export interface PromptRules {
  /** A primary prompt at the start of a line; group 0 is what is removed. */
  readonly prompt: RegExp;
  /** A secondary prompt (PS2) that continues an open command. */
  readonly secondary: RegExp;
  /** Whether a secondary prompt continues any command or only one that is visibly open. */
  readonly secondaryNeedsOpenCommand: boolean;
  /** A comment line: a note, not output, before the first prompt and right before a later one. */
  readonly comment: RegExp;
  /** The line-continuation character at the end of a line. */
  readonly continuation: (line: string) => boolean;
}

export const PROMPT_RULES: Readonly<Record<PromptStyle, PromptRules>> = {
  posix: {
    // `$ cmd`, `% cmd`, or a bare `$` / `%`. `$HOME` or `%1` (no space) is not a prompt, and
    // `# ` is a comment, not a root prompt.
    prompt: /^[$%](?: |$)/,
    // bash's PS2 is `> ` (with its space): `>/dev/null` on a continued line stays a redirect.
    secondary: /^>(?: |$)/,
    secondaryNeedsOpenCommand: true,
    comment: /^[ \t]*#/,
    continuation: (line) => trailingBackslashes(line) % 2 === 1,
  },
  powershell: {
    // `PS> `, `PS C:\> `, `PS /home/me> `.
    prompt: /^PS(?: [^>\n]*)?> ?/,
    secondary: /^>>(?: |$)/,
    secondaryNeedsOpenCommand: false,
    comment: /^[ \t]*#/,
    continuation: (line) => line.endsWith('`'),
  },
  cmd: {
    // `C:\> `, `C:\Users\me>dir`, `D:\setup> `.
    prompt: /^[A-Za-z]:\\[^>\n]*> ?/,
    secondary: /^More\? ?/,
    secondaryNeedsOpenCommand: false,
    comment: /^(?:rem(?:[ \t]|$)|::)/i,
    continuation: (line) => line.endsWith('^'),
  },
};

/** Backslashes at the end of a line, counted (a regular expression would be quadratic on a hostile line). */
function trailingBackslashes(line: string): number {
  let n = 0;
  while (n < line.length && line[line.length - 1 - n] === '\\') n++;
  return n;
}

export interface HereDoc {
  /** The delimiter line that ends the body. */
  readonly delimiter: string;
  /** `<<-`: leading tabs are removed before comparing with the delimiter. */
  readonly stripTabs: boolean;
  /** How it was written, for messages (`<<EOF`, `<<-'END'`, `@"`). */
  readonly written: string;
}

const POSIX_HEREDOC = /(?<!<)<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z_][\w.-]*))/g;

/** Here-documents opened on one command line, in order (`cat <<A <<-'B'`). */
export function hereDocsOpened(line: string, style: PromptStyle): HereDoc[] {
  if (style === 'powershell') {
    // A here-string: `@"` or `@'` at the end of a line, closed by a line starting with `"@` / `'@`.
    const m = /@(["'])\s*$/.exec(line);
    return m ? [{ delimiter: `${m[1]}@`, stripTabs: false, written: `@${m[1]}` }] : [];
  }
  if (style !== 'posix' || !line.includes('<<')) return [];
  const code = withoutQuotedText(line);
  const found: HereDoc[] = [];
  for (const m of code.matchAll(POSIX_HEREDOC)) {
    // The delimiter's quotes were blanked with the rest of the quoted text: read it from the line.
    const raw = line.slice(m.index, m.index + m[0].length);
    const q = /<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z_][\w.-]*))/.exec(raw);
    const delimiter = q?.[2] ?? q?.[3] ?? q?.[4];
    if (delimiter) found.push({ delimiter, stripTabs: m[1] === '-', written: raw.trim() });
  }
  return found;
}

/** Whether `line` ends the here-document `doc` (PowerShell here-strings: a line starting with the closer). */
export function endsHereDoc(line: string, doc: HereDoc, style: PromptStyle): boolean {
  if (style === 'powershell') return line.startsWith(doc.delimiter);
  return (doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter;
}

/**
 * Quoted text and comments blanked out (quotes and the `#` kept), so `<<`, `#` and brackets inside
 * strings or comments are not read as syntax. A quote still open at the end of the line stays
 * open: `open` says which.
 */
function withoutQuotedText(line: string): string {
  return scanQuotes(line, '').text;
}

function scanQuotes(line: string, openQuote: '' | '"' | "'"): { text: string; open: '' | '"' | "'" } {
  let out = '';
  let quote = openQuote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
      out += c === "'" ? c : ' ';
    } else if (quote === '"') {
      if (c === '\\') {
        out += '  ';
        i++;
      } else {
        if (c === '"') quote = '';
        out += c === '"' ? c : ' ';
      }
    } else if (c === '\\') {
      out += `${c}${line[i + 1] ?? ''}`;
      i++;
    } else if (c === '#' && (i === 0 || /[\s;&|()]/.test(line[i - 1]!))) {
      // A comment, to the end of the line, blanked like quoted text: a quote in it (`# it's`)
      // opens nothing, and a `<<` in it opens no here-document.
      out += `#${' '.repeat(line.length - i - 1)}`;
      break;
    } else {
      if (c === "'" || c === '"') quote = c;
      out += c;
    }
  }
  return { text: out, open: quote };
}

/**
 * Tracks whether the command written so far is still open: an unclosed quote, a pipe or `&&` at
 * the end, or more `if`/`do`/`case`/`{`/`(` than closers. Only POSIX `> ` needs this; it is a
 * shallow reading, not a shell parser, and errs towards "complete" (a line then counts as output).
 */
export class OpenCommand {
  private quote: '' | '"' | "'" = '';
  private keywords = 0;
  private parens = 0;
  private trailingOperator = false;

  add(line: string): void {
    const scanned = scanQuotes(line, this.quote);
    this.quote = scanned.open;
    // A comment runs to the end of the line (outside quotes, at a word start).
    const code = scanned.text.replace(/(^|[ \t;])#.*$/, '$1');
    for (const word of code.split(/[\s;&|]+/)) {
      if (word === 'if' || word === 'do' || word === 'case' || word === '{') this.keywords++;
      else if ((word === 'fi' || word === 'done' || word === 'esac' || word === '}') && this.keywords > 0) this.keywords--;
    }
    for (const c of code) {
      if (c === '(') this.parens++;
      else if (c === ')' && this.parens > 0) this.parens--;
    }
    this.trailingOperator = this.quote === '' && /(?:\|\|?|&&)\s*$/.test(code);
  }

  get isOpen(): boolean {
    return this.quote !== '' || this.keywords > 0 || this.parens > 0 || this.trailingOperator;
  }
}
