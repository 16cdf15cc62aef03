// Shell transcripts: a block written as `$ command` followed by its sample output. Splits the
// block, line by line, into what runs (the prompted commands with their continuations and
// here-document bodies) and what is documentation (the sample output). Pure; docs/format.md,
// "Transcripts", states every rule.
import { CommandReader, endsHereDoc, PROMPT_RULES, type HereDoc, type PromptStyle } from './transcriptShell';

export type { PromptStyle } from './transcriptShell';

/**
 * A line's part in a transcript: `comment` (a blank or `#` line before the first prompt, a `#` line
 * right before a later prompt),
 * `command` (a prompt line), `continuation` (after `\`, `` ` ``, `^` or a secondary prompt),
 * `heredoc` (a here-document body line), `output` (sample output: never runs).
 */
export type TranscriptRole = 'comment' | 'command' | 'continuation' | 'heredoc' | 'output';

export interface TranscriptLine {
  /** 1-based line in the Markdown file. */
  readonly line: number;
  readonly role: TranscriptRole;
  /** The prompt removed from the line (`$ `, `PS C:\> `, `> `), '' when none. */
  readonly prompt: string;
  /** The rest of the line: what runs for command, continuation and heredoc lines. */
  readonly text: string;
}

export interface TranscriptProblem {
  /**
   * `mixed`: a prompt after a line without one; `here-document` / `continuation`: left open at the
   * end; `open-command`: a command still open (a quote, `$(`, `if`…) at the next prompt or the end.
   */
  readonly kind: 'mixed' | 'here-document' | 'continuation' | 'open-command';
  /** 1-based line in the Markdown file. */
  readonly line: number;
  readonly message: string;
}

export type TranscriptSplit =
  /** No prompt anywhere: an ordinary script that runs as written. */
  | { readonly kind: 'script' }
  | {
      readonly kind: 'transcript';
      readonly style: PromptStyle;
      /** One entry per line of the block, in order. */
      readonly lines: readonly TranscriptLine[];
      /** The exact script that runs: the command, continuation and heredoc lines without prompts. */
      readonly run: string;
      /** The sample output lines, LF-joined with a final newline ('' when there are none). */
      readonly expectedOutput: string;
    }
  /** Prompts are there, but commands and output cannot be told apart safely: nothing may run. */
  | { readonly kind: 'unsplittable'; readonly style: PromptStyle; readonly problem: TranscriptProblem };

/** Which prompt family a runner's blocks may use; other runners (python, node) never have transcripts. */
export function promptStyleFor(runner: string): PromptStyle | undefined {
  if (runner === 'bash' || runner === 'sh' || runner === 'zsh' || runner === 'other-shell' || runner === 'shell') return 'posix';
  if (runner === 'pwsh') return 'powershell';
  if (runner === 'cmd') return 'cmd';
  return undefined;
}

/** The block's lines without the final newline's empty remainder. */
function blockLines(code: string): string[] {
  const lines = code.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Splits a code block. `firstLine` is the 1-based file line of the block's first code line (the
 * line after the opening fence), so every line and problem can name its place in the file.
 */
export function splitTranscript(code: string, style: PromptStyle, firstLine = 1): TranscriptSplit {
  const rules = PROMPT_RULES[style];
  const lines = blockLines(code);
  const first = lines.findIndex((l) => l.trim() !== '' && !rules.comment.test(l));
  if (first < 0 || !rules.prompt.test(lines[first]!)) {
    const stray = promptInScript(lines, style, first < 0 ? lines.length : first);
    if (stray < 0) return { kind: 'script' };
    const shown = lines[stray]!.match(rules.prompt)![0].trim();
    return {
      kind: 'unsplittable', style,
      problem: {
        kind: 'mixed',
        line: firstLine + stray,
        message: `line ${firstLine + stray} starts with the prompt '${shown}' but line ${firstLine + first} above it has none, so Runbook cannot tell the commands from sample output and will not run this step: write every command with a prompt (a transcript: the other lines are then output), or remove the prompts (a script)`,
      },
    };
  }

  const out: TranscriptLine[] = [];
  const pending: HereDoc[] = [];
  let hereDocLine = 0;
  let prefixedBody: boolean | undefined;
  let continued = false;
  let command = new CommandReader(style);
  let commandLine = 0;
  let openAt: { readonly line: number; readonly what: string; readonly where: string } | undefined;
  const push = (i: number, role: TranscriptRole, prompt: string, text: string) => {
    out.push({ line: firstLine + i, role, prompt, text });
  };
  // A command or continuation line: what it opens (here-documents, a trailing continuation).
  const readCommand = (i: number, text: string) => {
    const { hereDocs, continues } = command.read(text);
    if (hereDocs.length > 0 && pending.length === 0) {
      hereDocLine = i;
      prefixedBody = undefined;
    }
    pending.push(...hereDocs);
    continued = continues;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (pending.length > 0) {
      // Some transcripts show here-document bodies with the secondary prompt (copied from a
      // terminal); take it off only when the closing line carries it too (`> EOF`), from every line.
      const secondary = rules.secondary.exec(line);
      prefixedBody ??= closesWithSecondaryPrompt(lines, i, pending[0]!, style);
      const prompt = prefixedBody && secondary ? secondary[0] : '';
      const body = line.slice(prompt.length);
      push(i, 'heredoc', prompt, body);
      if (endsHereDoc(body, pending[0]!, style)) pending.shift();
      continue;
    }
    if (i < first) {
      push(i, 'comment', '', line);
      continue;
    }
    if (continued) {
      const secondary = rules.secondary.exec(line);
      // bash shows `> ` after a `\` too; a continuation line that starts with a redirect reads the same.
      const prompt = secondary ? secondary[0] : '';
      push(i, 'continuation', prompt, line.slice(prompt.length));
      readCommand(i, line.slice(prompt.length));
      continue;
    }
    const prompt = rules.prompt.exec(line);
    if (prompt) {
      // The lines that continue an open command are missing their `> ` prompts (or the lexer reads
      // the command differently from bash): what runs would not be what the block shows.
      if (command.isOpen) {
        openAt = { line: commandLine, what: command.openConstruct!, where: `at the next prompt on line ${firstLine + i}` };
        break;
      }
      command = new CommandReader(style);
      commandLine = i;
      push(i, 'command', prompt[0], line.slice(prompt[0].length));
      readCommand(i, line.slice(prompt[0].length));
      continue;
    }
    const secondary = out.length > 0 && isCommandLine(out.at(-1)!) ? rules.secondary.exec(line) : null;
    if (secondary && (!rules.secondaryNeedsOpenCommand || command.isOpen)) {
      push(i, 'continuation', secondary[0], line.slice(secondary[0].length));
      readCommand(i, line.slice(secondary[0].length));
      continue;
    }
    push(i, 'output', '', line);
  }

  if (pending.length > 0) {
    return {
      kind: 'unsplittable', style,
      problem: {
        kind: 'here-document',
        line: firstLine + hereDocLine,
        message: `the here-document ${pending[0]!.written} opened on line ${firstLine + hereDocLine} is never closed by a '${pending[0]!.delimiter}' line, so Runbook cannot tell where the sample output starts and will not run this step: add the closing line`,
      },
    };
  }
  if (!continued && !openAt && command.isOpen) openAt = { line: commandLine, what: command.openConstruct!, where: 'where the block ends' };
  if (openAt) {
    const line = firstLine + openAt.line;
    return {
      kind: 'unsplittable', style,
      problem: {
        kind: 'open-command', line,
        message: `the command on line ${line} is still open ${openAt.where} (${openAt.what}), so Runbook cannot tell its remaining lines from sample output and will not run this step: close it, or start each line that continues it with the '> ' prompt`,
      },
    };
  }
  if (continued) {
    const last = out.at(-1)!;
    return {
      kind: 'unsplittable', style,
      problem: { kind: 'continuation', line: last.line, message: `line ${last.line} ends with a line continuation but the block ends there, so Runbook will not run this step: finish the command or remove the continuation character` },
    };
  }
  markComments(out, rules.comment);
  const run = out.filter(isCommandLine).map((l) => l.text);
  const expected = out.filter((l) => l.role === 'output').map((l) => l.text);
  return {
    kind: 'transcript', style, lines: out,
    run: run.length > 0 ? `${run.join('\n')}\n` : '',
    expectedOutput: expected.length > 0 ? `${expected.join('\n')}\n` : '',
  };
}

/**
 * A comment line between commands (`# now restart it` before the next `$ …`, blanks and other
 * comments between them allowed) is a note, not sample output; a `#` line followed by more output
 * is output (`cat /etc/hosts` prints comments).
 */
function markComments(lines: TranscriptLine[], comment: RegExp): void {
  let beforeCommand = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (l.role === 'command') beforeCommand = true;
    else if (l.role !== 'output' && l.role !== 'comment') beforeCommand = false;
    else if (l.role === 'output' && l.text.trim() !== '') {
      if (beforeCommand && comment.test(l.text)) lines[i] = { ...l, role: 'comment' };
      else beforeCommand = false;
    }
  }
}

/** Whether the here-document starting at line `from` is closed by a line like `> EOF` (before any plain `EOF`). */
function closesWithSecondaryPrompt(lines: readonly string[], from: number, doc: HereDoc, style: PromptStyle): boolean {
  const secondary = PROMPT_RULES[style].secondary;
  for (let j = from; j < lines.length; j++) {
    const line = lines[j]!;
    if (endsHereDoc(line, doc, style)) return false;
    const m = secondary.exec(line);
    if (m && endsHereDoc(line.slice(m[0].length), doc, style)) return true;
  }
  return false;
}

function isCommandLine(l: TranscriptLine): boolean {
  return l.role === 'command' || l.role === 'continuation' || l.role === 'heredoc';
}

/**
 * In a block that is not a transcript, the first line (from `from`) that starts with a prompt,
 * outside here-document bodies and continued lines; -1 when none.
 */
function promptInScript(lines: readonly string[], style: PromptStyle, from: number): number {
  const rules = PROMPT_RULES[style];
  const script = new CommandReader(style);
  const pending: HereDoc[] = [];
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (pending.length > 0) {
      if (endsHereDoc(line, pending[0]!, style)) pending.shift();
      continue;
    }
    if (i > from && !continued && rules.prompt.test(line)) return i;
    const { hereDocs, continues } = script.read(line);
    pending.push(...hereDocs);
    continued = continues;
  }
  return -1;
}

/** `line 12` or `lines 12, 14–16` for an ascending list of line numbers (cards, evidence, the CLI). */
export function describeLines(lines: readonly number[]): string {
  return `${lines.length === 1 ? 'line' : 'lines'} ${lineList(lines)}`;
}

function lineList(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j === i ? String(lines[i]) : `${lines[i]}–${lines[j]}`);
    i = j;
  }
  return parts.join(', ');
}

/** The 1-based runbook lines that run in a transcript (commands, continuations, here-document bodies). */
export function ranLines(lines: readonly TranscriptLine[]): number[] {
  return lines.filter((l) => l.role !== 'output' && l.role !== 'comment').map((l) => l.line);
}
