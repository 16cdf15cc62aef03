// The one reading of POSIX shell text the format needs, shared by the transcript splitter
// (transcriptShell.ts: which lines are commands, continuations, here-document bodies) and the
// placeholder lint (placeholders.ts: which `<word>` the shell reads as a redirection); each keeps
// its own rules on top. It knows what is not code — quoted text ('…', "…", $'…'), backslash
// escapes, `#` comments (only at a word start: `a#b`, `$#`, `${#x}` are not) — and what opens
// across lines or nests: here-documents (`<<`, `<<-`, whose bodies are the following lines),
// `$( )`, backticks and `(( ))` / `$(( ))` arithmetic (code again, also inside "…"; no
// here-documents or comments in arithmetic). Deliberately shallow: no words, no expansions, no
// `case` patterns inside `$( )`.

export interface HereDoc {
  /** The delimiter line that ends the body (quotes removed: `<<'EOF'` ends at `EOF`). */
  readonly delimiter: string;
  /** `<<-`: leading tabs are removed before comparing with the delimiter. */
  readonly stripTabs: boolean;
  /** How it was written, for messages (`<<EOF`, `<<-'END'`, `@"`). */
  readonly written: string;
}

export interface LexedLine {
  /**
   * The line, same length, with quoted text and comments blanked: each quote character is kept,
   * and code inside quotes (`"$(cmd)"`, `` "`cmd`" ``) is kept as code.
   */
  readonly code: string;
  /** Here-documents opened on this line, in order: their bodies are the lines that follow. */
  readonly hereDocs: readonly HereDoc[];
  /** It ends with an unescaped `\` outside a comment: the command goes on on the next line. */
  readonly continues: boolean;
}

type Context =
  | { readonly kind: 'single' | 'ansi' | 'double' | 'backtick' }
  /** `$( )` and arithmetic count the plain `(` inside them, to find their own `)`. */
  | { readonly kind: 'command' | 'arithmetic'; depth: number };

/** After these (or at a line's start) a word starts: a `#` there begins a comment. */
const WORD_BREAK = /[\s;&|()<>]/;
/** Lines with none of these, outside quotes, are all plain code. */
const SYNTAX = /['"#\\`$(<]/;

/** Reads a script line by line, keeping what is still open (quotes, substitutions) between lines. */
export class PosixLexer {
  private readonly stack: Context[] = [];

  /** A quote, substitution or arithmetic opened on an earlier line is still open. */
  get open(): boolean {
    return this.stack.length > 0;
  }

  /** One line of code (never a here-document body: the caller skips those, see `lexPosixScript`). */
  line(text: string): LexedLine {
    if (this.stack.length === 0 && !SYNTAX.test(text)) return { code: text, hereDocs: [], continues: false };
    const code = text.split('');
    const blank = (from: number, to: number) => code.fill(' ', from, Math.min(to, text.length));
    const hereDocs: HereDoc[] = [];
    const last = text.length - 1;
    // A `\` at the end (outside a comment; in single quotes it is literal, but the quote goes on anyway).
    let continues = false;
    let wordStart = true;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const top = this.stack.at(-1);
      const kind = top?.kind ?? 'code';
      if (kind === 'single' || kind === 'ansi' || kind === 'double') {
        if (c === '\\' && kind !== 'single') {
          if (i === last) continues = true;
          blank(i, i + 2);
          i++;
        } else if (c === (kind === 'double' ? '"' : "'")) {
          this.stack.pop();
          wordStart = false;
        } else if (kind === 'double' && c === '$' && text[i + 1] === '(') {
          i += this.openSubstitution(text, i);
          wordStart = true;
        } else if (kind === 'double' && c === '`') {
          wordStart = this.backtick();
        } else {
          if (i === last) continues = c === '\\';
          code[i] = ' ';
        }
        continue;
      }
      // Code: the line itself, or inside `$( )`, backticks or arithmetic.
      if (c === '\\') {
        if (i === last) continues = true;
        i++;
        wordStart = false;
        continue;
      }
      if (c === '#' && wordStart && kind !== 'arithmetic') {
        // A comment: a quote in it (`# it's`) opens nothing, a `<<` no here-document, and a `\` at
        // its end continues nothing. It runs to the end of the line (in backticks, to the closing one).
        const end = kind === 'backtick' ? text.indexOf('`', i) : -1;
        if (end < 0) {
          blank(i, text.length);
          return { code: code.join(''), hereDocs, continues: false };
        }
        blank(i, end);
        i = end - 1;
        continue;
      }
      if (c === "'" || c === '"') {
        this.stack.push({ kind: c === "'" ? 'single' : 'double' });
        wordStart = false;
      } else if (c === '$' && text[i + 1] === "'") {
        this.stack.push({ kind: 'ansi' });
        i++;
        wordStart = false;
      } else if (c === '$' && text[i + 1] === '(') {
        i += this.openSubstitution(text, i);
        wordStart = true;
      } else if (c === '(' && text[i + 1] === '(' && wordStart && kind !== 'arithmetic') {
        this.stack.push({ kind: 'arithmetic', depth: 0 });
        i++;
      } else if (c === '`') {
        wordStart = this.backtick();
      } else if (c === '(' && top && 'depth' in top) {
        top.depth++;
        wordStart = true;
      } else if (c === ')' && top && 'depth' in top) {
        if (top.depth > 0) top.depth--;
        else if (top.kind === 'command') this.stack.pop();
        else if (text[i + 1] === ')') {
          this.stack.pop();
          i++;
        }
        wordStart = true;
      } else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && text[i - 1] !== '<' && kind !== 'arithmetic') {
        const doc = hereDocAt(text, i);
        if (doc) hereDocs.push(doc);
        i++;
        wordStart = true;
      } else wordStart = WORD_BREAK.test(c);
    }
    return { code: code.join(''), hereDocs, continues };
  }

  /** At `$(` (text[i] is `$`): opens a command substitution or, at `$((`, arithmetic. Returns the characters read after `$`. */
  private openSubstitution(text: string, i: number): number {
    if (text[i + 2] === '(') {
      this.stack.push({ kind: 'arithmetic', depth: 0 });
      return 2;
    }
    this.stack.push({ kind: 'command', depth: 0 });
    return 1;
  }

  /** A backtick: closes the innermost open backtick substitution (also from inside "…" in it), or opens one. */
  private backtick(): boolean {
    let open = this.stack.length - 1;
    while (open >= 0 && this.stack[open]!.kind === 'double') open--;
    if (open >= 0 && this.stack[open]!.kind === 'backtick') {
      this.stack.length = open;
      return false;
    }
    this.stack.push({ kind: 'backtick' });
    return true;
  }
}

/**
 * The here-document whose `<<` is at `text[i]`: `<<-` strips tabs; the delimiter is the next word
 * with its quotes and backslashes removed (`<<'EOF'`, `<<"EOF"`, `<<\EOF`, `<< EOF`, `<<EOF#x`).
 */
function hereDocAt(text: string, i: number): HereDoc | undefined {
  let j = i + 2;
  const stripTabs = text[j] === '-';
  if (stripTabs) j++;
  while (text[j] === ' ' || text[j] === '\t') j++;
  let delimiter = '';
  let quoted = false;
  for (; j < text.length && !WORD_BREAK.test(text[j]!); j++) {
    const c = text[j]!;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, j + 1);
      if (close < 0) return undefined;
      delimiter += text.slice(j + 1, close);
      quoted = true;
      j = close;
    } else if (c === '\\') {
      delimiter += text[j + 1] ?? '';
      quoted = true;
      j++;
    } else delimiter += c;
  }
  if (delimiter === '' && !quoted) return undefined;
  return { delimiter, stripTabs, written: text.slice(i, j) };
}

/** Whether `line` ends the here-document `doc`. */
export function endsPosixHereDoc(line: string, doc: HereDoc): boolean {
  return (doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter;
}

/** A whole script, line by line: each code line lexed; here-document body lines `undefined`. */
export function lexPosixScript(lines: readonly string[]): (LexedLine | undefined)[] {
  const lexer = new PosixLexer();
  const pending: HereDoc[] = [];
  return lines.map((line) => {
    if (pending.length > 0) {
      if (endsPosixHereDoc(line, pending[0]!)) pending.shift();
      return undefined;
    }
    const lexed = lexer.line(line);
    pending.push(...lexed.hereDocs);
    return lexed;
  });
}
