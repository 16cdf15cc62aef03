// Placeholders the reader must replace before running a line, as public runbooks write them:
// `kubectl -n <namespace> describe pod <pod>`, `NODE_NAME='<value of instance label from alert>'`.
// Run as written, bash reads `<namespace` as a redirection from a file and the line fails (after
// the lines before it ran: `kubectl delete pod <pod>` on line 5 fails only once lines 1–4 did
// their work), PowerShell refuses the whole script (`<` is reserved), and a quoted one sets a
// variable to the placeholder's own text. So a shell, PowerShell or cmd step with one does not run
// (`notRunnable`, the executor's one refusal rule) and gets a `placeholder` warning whose quick fix
// declares a variable the run asks for. Only what the shell reads as code is searched: quoted text,
// comments, here-document bodies, here-strings and `(( ))` / `[[ ]]` are not. Python and Node steps
// are not searched: there `<pod>` is a syntax error that stops the script before anything runs, and
// `"<b>"` in a string is as likely HTML as a placeholder. docs/format.md, "Placeholders".
import type { CodeStep, Diagnostic, RunnerKind } from './model';
import { diagnostic } from './diagnostics';
import { lexPosixScript } from './posixLexer';
import { withoutSampleOutput } from './transcriptStep';
import { isCommonVariable } from './variableUsage';

export interface Placeholder {
  /** 0-based line within the code, 0-based column within that line, length of `text`. */
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** As written: `<pod>`, or a whole quoted value `'<value of instance label from alert>'`. */
  readonly text: string;
  /** The words inside the angle brackets: `value of instance label from alert`. */
  readonly words: string;
  /** The variable it suggests: `POD`, `INSTANCE`. */
  readonly variable: string;
  /** What the quick fix writes instead of `text`: `"$POD"`, `${POD}`, `$env:POD`, `%POD%`. */
  readonly replacement: string;
  /** How the step would read it: a redirection (shells, cmd), a parse error (PowerShell), a quoted value. */
  readonly reading: 'redirection' | 'reserved-operator' | 'value';
  /** For `value`: the variable the step assigns. */
  readonly assigns?: string;
}

type Family = 'posix' | 'pwsh' | 'cmd';
const FAMILY: Readonly<Record<RunnerKind, Family | undefined>> = {
  bash: 'posix', sh: 'posix', zsh: 'posix', 'other-shell': 'posix', pwsh: 'pwsh', cmd: 'cmd', python: undefined, node: undefined,
};

/**
 * `<word>` or `<some words>`: a letter first (so `<&3`, `<(cmd)`, `<>`, zsh's `<1-10>` are not),
 * no space before the `>` (`sort <in.txt >out.txt` is a redirection), not followed by `>` or `&`
 * (`<in>>log`, `<in>&2`). The character before is checked separately (`<<EOF`, `\<`, `^<`).
 */
const PLACEHOLDER = /<([A-Za-z][\w.:/-]*(?: [\w.:/-]+)*)>(?![>&])/g;
const MAX_WORDS_LENGTH = 80;
/** What kubectl, oc and ps print for an empty column: sample output pasted into a script, not a placeholder. */
const OUTPUT_MARKERS = new Set(['none', 'unknown', 'nil', 'null', 'pending', 'invalid', 'unset', 'empty', 'defunct']);
/** Characters that make the `<` not a redirection: a here-document or here-string (`<<`), an escape. */
const NOT_BEFORE: Readonly<Record<Family, string>> = { posix: '<\\', pwsh: '<`', cmd: '<^' };

/** Placeholders in a step's code (a transcript's sample output excluded), in order. */
export function findPlaceholders(code: string, runner: RunnerKind): Placeholder[] {
  const family = FAMILY[runner];
  if (!family || !code.includes('<')) return [];
  const lines = code.split('\n');
  const masked = family === 'posix' ? maskPosix(lines) : family === 'pwsh' ? maskPwsh(lines) : maskCmd(lines);
  const found: Placeholder[] = [];
  masked.forEach((text, i) => {
    const raw = lines[i]!;
    if (!raw.includes('<')) return;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const words = m[1]!;
      if (words.length > MAX_WORDS_LENGTH || OUTPUT_MARKERS.has(words.toLowerCase()) || (m.index > 0 && NOT_BEFORE[family].includes(text[m.index - 1]!))) continue;
      const variable = variableFor(words);
      const next = raw[m.index + m[0].length] ?? '';
      const standalone = /^$|[\s;&|)`]/.test(next) && /^$|[\s;&|(`=]/.test(raw[m.index - 1] ?? '');
      found.push({
        line: i, column: m.index, length: m[0].length, text: m[0], words, variable,
        replacement: reference(family, variable, next, standalone),
        reading: family === 'pwsh' ? 'reserved-operator' : 'redirection',
      });
    }
    for (const v of quotedValues(family, text, raw)) found.push({ ...v, line: i });
  });
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * `NAME='<value of namespace label from alert>'`: an assignment whose whole quoted value is a
 * placeholder. Only when the words have a space or name the variable (`NAMESPACE="<namespace>"`):
 * `TAG='<br>'` is a value.
 */
function quotedValues(family: Family, masked: string, raw: string): Omit<Placeholder, 'line'>[] {
  const pattern = family === 'posix'
    ? /(?:^|[\s;&|(`])(?:(?:export|local|readonly|declare(?:\s+-\w+)*)\s+)?([A-Za-z_]\w*)=(['"])( *)\2(?=$|[\s;&|)`])/g
    : family === 'pwsh' ? /\$(?:env:)?([A-Za-z_]\w*)\s*=\s*(['"])( *)\2/gi : undefined;
  if (!pattern || !masked.includes('=')) return [];
  const out: Omit<Placeholder, 'line'>[] = [];
  for (const m of masked.matchAll(pattern)) {
    const column = m.index + m[0].length - m[3]!.length - 2;
    const text = raw.slice(column, column + m[3]!.length + 2);
    const words = /^.<([A-Za-z][\w.:/-]*(?: [\w.:/-]+)*)>.$/.exec(text)?.[1];
    const name = m[1]!;
    if (!words || words.length > MAX_WORDS_LENGTH) continue;
    const squashed = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (!words.includes(' ') && !squashed(words).includes(squashed(name)) && !squashed(name).includes(squashed(words))) continue;
    const variable = variableFor(words);
    out.push({
      column, length: text.length, text, words, variable, assigns: name, reading: 'value',
      replacement: family === 'posix' ? `"$${variable}"` : `$env:${variable}`,
    });
  }
  return out;
}

/** How a step reads the variable where the placeholder was. */
function reference(family: Family, name: string, next: string, standalone: boolean): string {
  if (family === 'cmd') return `%${name}%`;
  if (family === 'pwsh') return /[\w:]/.test(next) ? `\${env:${name}}` : `$env:${name}`;
  if (standalone) return `"$${name}"`;
  return /\w/.test(next) ? `\${${name}}` : `$${name}`;
}

/** Words that describe where a value comes from rather than what it is. */
const FILLER = new Set(['a', 'an', 'the', 'of', 'from', 'in', 'for', 'to', 'on', 'at', 'with', 'your', 'my', 'some', 'value', 'label', 'alert', 'insert', 'enter', 'replace']);

/**
 * `<value of instance label from alert>` → INSTANCE, `<my-pvc>` → PVC, `<YOUR_SECRET_NAME>` →
 * SECRET_NAME. A name the shell or system already uses gets `_VALUE`: declaring `<path>` as PATH
 * would replace every step's PATH.
 */
export function variableFor(words: string): string {
  const all = words.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const kept = all.filter((w) => !FILLER.has(w.toLowerCase()));
  const name = (kept.length > 0 ? kept : all).slice(0, 4).join('_').toUpperCase();
  if (/^\d/.test(name)) return `VALUE_${name}`;
  return isCommonVariable(name) ? `${name}_VALUE` : name;
}

const blank = (s: string): string => ' '.repeat(s.length);

/**
 * POSIX shells: what the lexer leaves as code (quoted text, comments and here-document bodies
 * blanked; code inside `"$( )"` kept), with `(( ))` and `[[ ]]` blanked too: there `<` compares.
 */
function maskPosix(lines: readonly string[]): string[] {
  return lexPosixScript(lines).map((lexed) => {
    let text = lexed?.code ?? '';
    if (text.includes('((')) text = text.replace(/\(\(.*?\)\)/g, blank);
    if (text.includes('[[')) text = text.replace(/\[\[.*?\]\]/g, blank);
    return text;
  });
}

/** PowerShell: strings, here-strings, `#` and `<# #>` comments blanked (backtick escapes). */
function maskPwsh(lines: readonly string[]): string[] {
  let quote = '';
  let blockComment = false;
  let hereString = '';
  return lines.map((line) => {
    if (hereString) {
      if (line.startsWith(hereString)) hereString = '';
      return '';
    }
    let out = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (blockComment) {
        if (c === '#' && line[i + 1] === '>') {
          blockComment = false;
          out += '  ';
          i++;
        } else out += ' ';
      } else if (quote) {
        if (c === '`' && quote === '"') {
          out += '  ';
          i++;
        } else {
          if (c === quote) quote = '';
          out += quote ? ' ' : c;
        }
      } else if (c === '`') {
        out += c + (line[i + 1] ?? '');
        i++;
      } else if (c === '<' && line[i + 1] === '#') {
        blockComment = true;
        out += '  ';
        i++;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
        out += blank(line.slice(i));
        break;
      } else if (c === '@' && (line[i + 1] === '"' || line[i + 1] === "'") && line.slice(i + 2).trim() === '') {
        hereString = `${line[i + 1]}@`;
        out += blank(line.slice(i));
        break;
      } else {
        if (c === '"' || c === "'") quote = c;
        out += c;
      }
    }
    return out;
  });
}

/** cmd: `rem` and `::` lines and double-quoted text blanked. */
function maskCmd(lines: readonly string[]): string[] {
  return lines.map((line) => (/^\s*@?(?:rem(?:\s|$)|::)/i.test(line) ? '' : line.replace(/"[^"]*"/g, (q) => `"${blank(q.slice(2))}"`)));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Warns at each placeholder of a shell, PowerShell or cmd step (a transcript's commands only) and
 * marks the step not runnable (unless it already is). `source(line)` gives a 1-based file line.
 */
export function lintPlaceholders(step: Mutable<CodeStep>, source: (line: number) => string, out: Diagnostic[]): void {
  if (!step.code.includes('<')) return;
  const code = withoutSampleOutput(step).code;
  const found = findPlaceholders(code, step.runner);
  if (found.length === 0) return;
  const codeLines = code.split('\n');
  const shell = shellName(step);
  let first: string | undefined;
  for (const p of found) {
    const line = step.line + 1 + p.line;
    const written = codeLines[p.line]!;
    const text = source(line);
    const offset = text.endsWith(written) ? text.length - written.length : Math.max(0, text.indexOf(written));
    out.push(diagnostic('warning', 'placeholder', line, offset + p.column + 1, placeholderMessage(p, shell), {
      endColumn: offset + p.column + 1 + p.length,
      data: { placeholder: p.text, variable: p.variable, replacement: p.replacement, description: p.words },
    }));
    first ??= `line ${line} has a placeholder, ${p.text}, to replace before running (${why(p, shell)}): declare a variable and write ${p.replacement} there`;
  }
  const more = found.length - 1;
  step.notRunnable ??= more > 0 ? `${first} (and ${more} more placeholder${more === 1 ? '' : 's'})` : first!;
}

function shellName(step: CodeStep): string {
  switch (step.runner) {
    case 'pwsh':
      return 'PowerShell';
    case 'cmd':
      return 'cmd';
    case 'other-shell':
      return step.shell ?? 'the shell';
    default:
      return step.runner;
  }
}

function why(p: Placeholder, shell: string): string {
  if (p.reading === 'value') return `the step would set ${p.assigns} to this text itself`;
  if (p.reading === 'reserved-operator') return `${shell} reserves '<' and would refuse to run the whole step`;
  const first = /^[^ >]+/.exec(p.words)![0];
  return `${shell} would read <${first} as a redirection from a file named '${first}'`;
}

function placeholderMessage(p: Placeholder, shell: string): string {
  const escape = p.reading === 'redirection' ? ` (a real redirection takes a space: < ${p.words.split(' ')[0]})` : '';
  return `${p.text} looks like a placeholder to replace before running: ${why(p, shell)}, so the step will not run as written. ` +
    `Declare ${p.variable} under 'variables:' in the front matter and write ${p.replacement} here (the quick fix does both); the run then asks for its value${escape}`;
}
