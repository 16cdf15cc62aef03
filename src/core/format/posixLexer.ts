// The one reading of POSIX shell (bash) text the format needs, shared by the transcript splitter
// (transcriptShell.ts: which lines are commands, continuations, here-document bodies, and whether
// a command is still open) and the placeholder lint (placeholders.ts: which `<word>` the shell
// reads as a redirection); each keeps its own rules on top. It knows what is not code — quoted
// text ('…', "…", $'…'), backslash escapes, `#` comments (only at a word start: `a#b`, `$#`,
// `${#x}` are not) — and what opens across lines or nests, as bash's parser sees it:
// here-documents (`<<`, `<<-`; the body starts after the first line that ends outside quotes and
// without `\`), `$( )`, `<( )`, `( )`, backticks, `${ }` (quotes nest in it, also inside "…"),
// `(( ))` / `$(( ))` / `$[ ]` arithmetic (no here-documents or comments; `$(( … ) )` is a
// command substitution of a subshell), the reserved words `if`…`fi`, `for`/`while`/`until`…`done`,
// `case`…`esac` (whose pattern `)` closes nothing) and `{`…`}` — only where bash reads them as
// reserved words, the first word of a command — and a trailing `|`, `||`, `|&` or `&&`.
// Deliberately shallow otherwise: no expansions, no aliases, no syntax errors.

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
   * and code inside quotes (`"$(cmd)"`, `` "`cmd`" ``, `"${x}"`) is kept as code.
   */
  readonly code: string;
  /**
   * Here-documents whose bodies start on the next line, in order: those opened on this line or,
   * when a quote or `\` carried an earlier line over, on that line (bash reads a body after the
   * first line that ends outside quotes).
   */
  readonly hereDocs: readonly HereDoc[];
  /** It ends with an unescaped `\` outside a comment: the command goes on on the next line. */
  readonly continues: boolean;
}

type Frame =
  | { readonly kind: 'single' | 'ansi' | 'double' | 'backtick' | 'if' | 'loop' | 'brace' }
  /** `${ }`: counts the plain `{` inside it, to find its own `}`. */
  | { readonly kind: 'param'; depth: number }
  /** `$(( ))` and `(( ))` count the `(` inside them, `$[ ]` the `[`, to find their own end. */
  | { readonly kind: 'arithmetic'; readonly close: ')' | ']'; depth: number }
  /** `( )`, `$( )`, `<( )`, `>( )`, arrays, `f()`; `at` is the column of its `(` on the line it opened (-Infinity on later lines), to tell `f()`. */
  | { readonly kind: 'paren'; at: number }
  /** `case WORD in PATTERN) …;; esac`: where in it the lexer is. */
  | { readonly kind: 'case'; phase: 'word' | 'in' | 'pattern' | 'body' };

type Kind = Frame['kind'];
const QUOTES: ReadonlySet<Kind> = new Set(['single', 'ansi', 'double']);
/** Frames whose text is commands: comments, here-documents and reserved words are read in them. */
const COMMANDS: ReadonlySet<Kind> = new Set(['backtick', 'paren', 'if', 'loop', 'brace', 'case']);

/** After these (or at a line's start) a word starts: a `#` there begins a comment. */
const WORD_BREAK = /[\s;&|()<>]/;
/** Lines with none of these can hold no quote, comment, substitution, separator or brace group. */
const SYNTAX = /['"`\\#(){}<>;&|!]|\$['({[]/;
/** Every reserved word: a line starting with one is never `plain`. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'select', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', 'function', 'time', '{', '}', '!']);
/** Reserved words that open a construct, and the word that closes it. */
const OPENERS: Readonly<Record<string, 'if' | 'loop' | 'brace'>> = { if: 'if', for: 'loop', select: 'loop', while: 'loop', until: 'loop', '{': 'brace' };
const CLOSERS: Readonly<Record<string, Kind>> = { fi: 'if', done: 'loop', '}': 'brace', esac: 'case' };
/** Reserved words after which the next word is again a command's first word. */
const LEADERS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '{', '!', 'time']);

/** A word with quotes, escapes or expansions: never a reserved word. */
const NOT_PLAIN = '\0';

const DESCRIBE: Readonly<Record<Kind, string>> = {
  single: "an unclosed ' quote", ansi: "an unclosed $' quote", double: 'an unclosed " quote', backtick: 'an unclosed ` substitution',
  param: 'an unclosed ${', arithmetic: 'unclosed arithmetic', paren: 'an unclosed ( or $(', if: "an 'if' without its 'fi'",
  loop: "a loop without its 'done'", brace: "a '{' without its '}'", case: "a 'case' without its 'esac'",
};

/** Reads a script line by line, keeping what is still open (quotes, substitutions, compound commands) between lines. */
export class PosixLexer {
  private readonly stack: Frame[] = [];
  /** The next word is a command's first word, where bash reads reserved words (at a case pattern's start: `esac`). */
  private commandWord = true;
  /** The last token was `|`, `||`, `|&` or `&&`: a line ending there goes on. */
  private operator = false;
  /** After `function`: the name comes next. */
  private functionName = false;
  /** After `function NAME` or `NAME()`: the body (a compound command) comes next. */
  private functionBody = false;
  /** The word being read in commands, as written while it is plain (`NOT_PLAIN` once it has quotes or expansions). */
  private word: string | undefined;
  /** Here-documents opened while a quote or `\` carried the line over: their bodies wait for its end. */
  private deferred: HereDoc[] = [];

  /** The command goes on after the last line: a quote, substitution or compound command is open, or it ended on an operator. */
  get open(): boolean {
    return this.stack.length > 0 || this.operator || this.functionBody;
  }

  /** What keeps the command open, for messages (`an unclosed " quote`, `an 'if' without its 'fi'`); undefined when nothing. */
  get openConstruct(): string | undefined {
    const top = this.stack.at(-1);
    if (top) return DESCRIBE[top.kind];
    if (this.operator) return 'a trailing operator (|, ||, |& or &&)';
    return this.functionBody ? 'a function without its body' : undefined;
  }

  /** One line of code (never a here-document body: the caller skips those, see `lexPosixScript`). */
  line(text: string): LexedLine {
    if (this.plain(text)) return { code: text, hereDocs: [], continues: false };
    const code = text.split('');
    const blank = (from: number, to: number) => code.fill(' ', from, Math.min(to, text.length));
    const opened: HereDoc[] = [];
    const last = text.length - 1;
    let continues = false;
    let wordStart = true;
    for (const frame of this.stack) if (frame.kind === 'paren') frame.at = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const top = this.stack.at(-1);
      const kind = top?.kind;
      if (kind === 'single' || kind === 'ansi' || kind === 'double') {
        if (c === '\\' && kind !== 'single') {
          if (i === last) continues = true;
          blank(i, i + 2);
          i++;
        } else if (c === (kind === 'double' ? '"' : "'")) {
          this.stack.pop();
          wordStart = false;
        } else if (kind === 'double' && (c === '`' || (c === '$' && '({['.includes(text[i + 1] ?? ' ')))) {
          i += this.expansion(text, i);
          wordStart = true;
        } else {
          // A `\` at the end in '…' is literal to bash, but the quote goes on: the next line is
          // the command's either way, so it continues like after any `\`.
          if (i === last && c === '\\') continues = true;
          code[i] = ' ';
        }
        continue;
      }
      // Code: the line itself, a substitution, `${ }` or arithmetic.
      const commands = kind === undefined || COMMANDS.has(kind);
      if (commands && (WORD_BREAK.test(c) || (c === '#' && wordStart))) this.endWord();
      if (c === '#' && wordStart && commands) {
        // A comment: a quote in it (`# it's`) opens nothing, a `<<` no here-document, and a `\` at
        // its end continues nothing (nor does it end a trailing `|`). It runs to the end of the
        // line (in backticks, to the closing one).
        const end = kind === 'backtick' ? text.indexOf('`', i) : -1;
        if (end < 0) {
          blank(i, text.length);
          break;
        }
        blank(i, end);
        i = end - 1;
        continue;
      }
      if (c !== ' ' && c !== '\t') this.operator = false;
      if (c === '\\') {
        if (i === last) continues = true;
        i++;
        this.word = NOT_PLAIN;
        wordStart = false;
        continue;
      }
      if (c === "'" || c === '"' || c === '`' || (c === '$' && "'({[".includes(text[i + 1] ?? ' '))) {
        this.word = NOT_PLAIN;
        const opens = c === '`' ? this.backtickOpens() : true;
        i += this.expansion(text, i);
        // A `#` right after `$(` or an opening backtick begins a comment; after a quote, `${` or `$((` it does not.
        wordStart = c === '`' ? opens : text[i] === '(' && this.stack.at(-1)?.kind === 'paren';
        continue;
      }
      if (top?.kind === 'param') {
        if (c === '{') top.depth++;
        else if (c === '}') {
          if (top.depth > 0) top.depth--;
          else this.stack.pop();
        }
        wordStart = false;
        continue;
      }
      if (top?.kind === 'arithmetic') {
        if (this.arithmetic(top, text, i, c)) i++;
        wordStart = false;
        continue;
      }
      if (c === '(') i += this.openParen(text, i, wordStart);
      else if (c === ')') this.closeParen(i);
      else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && text[i - 1] !== '<') {
        const doc = hereDocAt(text, i);
        if (doc) opened.push(doc);
        i++;
        this.commandWord = false;
      } else if (c === ';' || c === '&' || c === '|') i += this.separator(text, i);
      else if (c === '<' || c === '>') this.commandWord = false;
      else if (!WORD_BREAK.test(c)) this.word = this.word === undefined ? c : this.word + c;
      wordStart = WORD_BREAK.test(c);
    }
    const top = this.stack.at(-1)?.kind;
    if (top === undefined || COMMANDS.has(top)) this.endWord();
    const carried = continues || (top !== undefined && (QUOTES.has(top) || top === 'param'));
    if (!carried && (top === undefined || COMMANDS.has(top))) this.newline();
    let hereDocs: HereDoc[] = opened;
    if (carried) {
      this.deferred.push(...opened);
      hereDocs = [];
    } else if (this.deferred.length > 0) {
      hereDocs = [...this.deferred, ...opened];
      this.deferred = [];
    }
    return { code: code.join(''), hereDocs, continues };
  }

  /**
   * A line with nothing that opens, closes or separates, read in nothing open, and not starting
   * with a reserved word (most lines of a runbook): a whole simple command. Marks it read.
   */
  private plain(text: string): boolean {
    if (this.stack.length > 0 || this.deferred.length > 0 || this.functionName || this.functionBody || SYNTAX.test(text)) return false;
    const first = /^\s*(\S*)/.exec(text)![1]!;
    if (this.commandWord && RESERVED.has(first)) return false;
    if (first !== '') this.operator = false;
    this.commandWord = true;
    return true;
  }

  /** The word being read in commands ended: reserved words where bash reads them. */
  private endWord(): void {
    const w = this.word;
    this.word = undefined;
    if (w !== undefined) this.reserved(w);
  }

  /** At a quote, backtick, `$'`, `$(`, `$((`, `${` or `$[` (text[i]): opens (or, a backtick, closes) it. Returns the characters read after text[i]. */
  private expansion(text: string, i: number): number {
    const c = text[i]!;
    if (c === "'" || c === '"') this.stack.push({ kind: c === "'" ? 'single' : 'double' });
    else if (c === '`') this.backtick();
    else {
      const next = text[i + 1]!;
      if (next === "'") this.stack.push({ kind: 'ansi' });
      else if (next === '{') this.stack.push({ kind: 'param', depth: 0 });
      else if (next === '[') this.stack.push({ kind: 'arithmetic', close: ']', depth: 0 });
      else if (text[i + 2] === '(') {
        this.stack.push({ kind: 'arithmetic', close: ')', depth: 0 });
        return 2;
      } else {
        this.stack.push({ kind: 'paren', at: Number.NEGATIVE_INFINITY });
        this.word = undefined;
        this.commandWord = true;
      }
      return 1;
    }
    return 0;
  }

  /** A character in arithmetic. Returns whether it read the next one too (the second `)` of `))`). */
  private arithmetic(top: Extract<Frame, { kind: 'arithmetic' }>, text: string, i: number, c: string): boolean {
    if (c === (top.close === ')' ? '(' : '[')) top.depth++;
    else if (c === top.close) {
      if (top.depth > 0) top.depth--;
      else if (c === ']') this.stack.pop();
      else if (text[i + 1] === ')') {
        this.stack.pop();
        return true;
      } else {
        // `$(( … ) …)` / `(( … ) …)` is no arithmetic: bash reads a subshell inside `$( )` / `( )`.
        this.stack[this.stack.length - 1] = { kind: 'paren', at: Number.NEGATIVE_INFINITY };
        this.commandWord = false;
      }
    }
    return false;
  }

  /** A `(` in commands: `((` arithmetic at a word start, a case pattern's optional `(`, or a group. Returns the characters read after it. */
  private openParen(text: string, i: number, wordStart: boolean): number {
    const top = this.stack.at(-1);
    this.functionBody = false;
    if (top?.kind === 'case' && top.phase === 'pattern' && this.commandWord && wordStart) return 0;
    if (text[i + 1] === '(' && wordStart) {
      this.stack.push({ kind: 'arithmetic', close: ')', depth: 0 });
      this.commandWord = false;
      return 1;
    }
    // `at`: where `f()` / `f ()` would close it (an array `a=()`, `<()` or an extglob `@()` is no function).
    this.stack.push({ kind: 'paren', at: '=<>@!+*?'.includes(text[i - 1] ?? ' ') ? Number.NEGATIVE_INFINITY : i });
    // A subshell or `<( )` holds commands; `a=(…)`, `f()` and `@(…)` (mid-word) do not.
    this.commandWord = wordStart || text[i - 1] === '<' || text[i - 1] === '>';
    this.word = undefined;
    return 0;
  }

  /** A `)` in commands: ends a case pattern, or closes the innermost `( )` (and what is left open in it: bash would stop there). */
  private closeParen(i: number): void {
    const top = this.stack.at(-1);
    if (top?.kind === 'case' && top.phase === 'pattern') {
      top.phase = 'body';
      this.commandWord = true;
      return;
    }
    let open = this.stack.length - 1;
    while (open >= 0 && this.stack[open]!.kind !== 'paren' && this.stack[open]!.kind !== 'backtick') open--;
    const paren = this.stack[open];
    if (paren?.kind !== 'paren') return;
    this.stack.length = open;
    // `f()` is followed by the function's body, a compound command; `$(…)` ends inside a word.
    this.commandWord = paren.at === i - 1;
    this.functionBody = this.commandWord;
    this.word = this.commandWord ? undefined : NOT_PLAIN;
  }

  /** `;`, `;;`, `;&`, `;;&`, `&`, `&&`, `|`, `||`, `|&` (text[i]). Returns the characters read after text[i]. */
  private separator(text: string, i: number): number {
    const c = text[i]!;
    const top = this.stack.at(-1);
    if (c === '&' && (text[i - 1] === '>' || text[i - 1] === '<' || text[i + 1] === '>')) return 0; // `2>&1`, `&>f`
    if (c === '|' && text[i - 1] === '>') return 0; // `>|f`
    if (c === '|' && top?.kind === 'case' && top.phase === 'pattern') return 0; // `a|b)`
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const op = three === ';;&' ? three : [';;', ';&', '&&', '||', '|&'].includes(two) ? two : c;
    if (op.startsWith(';;') || op === ';&') {
      if (top?.kind === 'case' && top.phase === 'body') top.phase = 'pattern';
    }
    this.commandWord = true;
    this.operator = op === '|' || op === '||' || op === '|&' || op === '&&';
    return op.length - 1;
  }

  /** A word that ended in commands: reserved words where bash reads them (the first word of a command). */
  private reserved(w: string): void {
    const top = this.stack.at(-1);
    if (top?.kind === 'case' && top.phase !== 'body') {
      if (top.phase === 'word') top.phase = 'in';
      else if (top.phase === 'in') {
        if (w === 'in') top.phase = 'pattern';
      } else if (this.commandWord && w === 'esac') this.stack.pop();
      this.commandWord = top.phase === 'pattern' && w === 'in';
      return;
    }
    this.functionBody = false;
    if (this.functionName) {
      this.functionName = false;
      this.functionBody = true;
      this.commandWord = true;
      return;
    }
    if (!this.commandWord) return;
    const closes = CLOSERS[w];
    if (closes) {
      if (top?.kind === closes) this.stack.pop();
      this.commandWord = false;
      return;
    }
    const opens = OPENERS[w];
    if (opens) this.stack.push({ kind: opens });
    if (w === 'case') this.stack.push({ kind: 'case', phase: 'word' });
    this.functionName = w === 'function';
    this.commandWord = LEADERS.has(w);
  }

  /** The end of a line in commands: a command's end (in a case's pattern list, a pattern's start). */
  private newline(): void {
    const top = this.stack.at(-1);
    if (top?.kind === 'case' && (top.phase === 'word' || top.phase === 'in')) return;
    if (!this.functionName) this.commandWord = true;
  }

  /** Whether a backtick here opens a substitution (rather than closing the innermost open one). */
  private backtickOpens(): boolean {
    return !this.stack.some((f) => f.kind === 'backtick');
  }

  /** A backtick: closes the innermost open backtick substitution (also from inside "…" in it), or opens one. */
  private backtick(): void {
    let open = this.stack.length - 1;
    while (open >= 0 && this.stack[open]!.kind !== 'backtick') open--;
    if (open >= 0) {
      this.stack.length = open;
      this.word = NOT_PLAIN;
      this.commandWord = false;
      return;
    }
    this.stack.push({ kind: 'backtick' });
    this.word = undefined;
    this.commandWord = true;
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

/** What a whole script leaves open at its end, and the 0-based line where that began. */
export type OpenAtEnd =
  | { readonly kind: 'here-document'; readonly line: number; readonly doc: HereDoc }
  | { readonly kind: 'command'; readonly line: number; readonly what: string };

/**
 * A here-document never closed (bash feeds every line after it to the command as input), or a
 * command still open where the script ends (a quote, substitution or compound command: bash reads
 * the lines after it as part of it, then stops with a syntax error); undefined when neither.
 */
export function openAtEnd(lines: readonly string[]): OpenAtEnd | undefined {
  const lexer = new PosixLexer();
  const pending: { readonly doc: HereDoc; readonly line: number }[] = [];
  let commandLine = 0;
  for (const [i, line] of lines.entries()) {
    if (pending.length > 0) {
      if (endsPosixHereDoc(line, pending[0]!.doc)) pending.shift();
      continue;
    }
    if (!lexer.open) commandLine = i;
    pending.push(...lexer.line(line).hereDocs.map((doc) => ({ doc, line: i })));
  }
  if (pending.length > 0) return { kind: 'here-document', line: pending[0]!.line, doc: pending[0]!.doc };
  return lexer.open ? { kind: 'command', line: commandLine, what: lexer.openConstruct! } : undefined;
}
