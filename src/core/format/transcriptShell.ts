// The little shell knowledge a transcript split needs: which prompts a language writes, where a
// here-document starts and ends, and whether a command is still open (so that a `> ` / `>> `
// secondary prompt continues it). Deliberately shallow: see docs/format.md, "Transcripts". The
// POSIX reading itself is the shared lexer's (posixLexer.ts).
import { endsPosixHereDoc, PosixLexer, type HereDoc } from './posixLexer';

export type { HereDoc } from './posixLexer';

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
    // A `\` at the end, not in a comment (`# C:\` continues nothing).
    continuation: (line) => new PosixLexer().line(line).continues,
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

/**
 * Reads one command's lines in order (a prompt line, then its continuations): what each opens
 * (here-documents, a continuation onto the next line) and whether the command is still open, as
 * the POSIX lexer reads it: an unclosed quote or substitution, a trailing `|` or `&&`, an `if`
 * without its `fi`, … Only POSIX `> ` needs "open"; a command still open when the next prompt or
 * the block's end comes cannot be split safely (transcript.ts).
 */
export class CommandReader {
  private readonly posix: PosixLexer | undefined;

  constructor(private readonly style: PromptStyle) {
    this.posix = style === 'posix' ? new PosixLexer() : undefined;
  }

  read(line: string): { readonly hereDocs: readonly HereDoc[]; readonly continues: boolean } {
    if (!this.posix) return { hereDocs: hereStringOpened(line, this.style), continues: PROMPT_RULES[this.style].continuation(line) };
    return this.posix.line(line);
  }

  get isOpen(): boolean {
    return this.posix?.open ?? false;
  }

  /** What keeps the command open (`an unclosed " quote`), for messages; undefined when it is complete. */
  get openConstruct(): string | undefined {
    return this.posix?.openConstruct;
  }
}

/** A PowerShell here-string: `@"` or `@'` at the end of a line, closed by a line starting with `"@` / `'@`. */
function hereStringOpened(line: string, style: PromptStyle): HereDoc[] {
  const m = style === 'powershell' ? /@(["'])\s*$/.exec(line) : null;
  return m ? [{ delimiter: `${m[1]}@`, stripTabs: false, written: `@${m[1]}` }] : [];
}

/** Whether `line` ends the here-document `doc` (PowerShell here-strings: a line starting with the closer). */
export function endsHereDoc(line: string, doc: HereDoc, style: PromptStyle): boolean {
  return style === 'powershell' ? line.startsWith(doc.delimiter) : endsPosixHereDoc(line, doc);
}
