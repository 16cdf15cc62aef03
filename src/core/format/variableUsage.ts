// Finds environment variables that steps read but nobody declares or sets: `$NAME`, `${NAME}`
// (shells), `$env:NAME` (PowerShell), `%NAME%` (cmd), os.environ["NAME"] (Python),
// process.env.NAME (Node). Reported as information: the value may come from the user's shell.
import type { CodeStep, Diagnostic, RunnerKind } from './model';
import { diagnostic } from './diagnostics';
import type { SourceLines } from './text';

const COMMON = new Set(
  (
    'HOME PATH USER LOGNAME SHELL PWD OLDPWD HOSTNAME HOSTTYPE OSTYPE MACHTYPE LANG LANGUAGE LC_ALL LC_CTYPE LC_MESSAGES ' +
    'TERM TMPDIR TMP TEMP EDITOR VISUAL PAGER DISPLAY MAIL UID EUID GROUPS PPID BASHPID RANDOM SECONDS LINENO BASH ' +
    'BASH_VERSION BASH_SOURCE BASH_REMATCH FUNCNAME IFS PS1 PS2 PS4 PIPESTATUS REPLY OPTARG OPTIND HISTFILE COLUMNS LINES ' +
    'SHLVL HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy CI SUDO_USER SUDO_UID ZSH_VERSION ' +
    'USERNAME USERPROFILE USERDOMAIN COMPUTERNAME SYSTEMROOT SYSTEMDRIVE WINDIR PROGRAMFILES PROGRAMFILES(X86) PROGRAMDATA ' +
    'APPDATA LOCALAPPDATA COMSPEC PATHEXT PROCESSOR_ARCHITECTURE NUMBER_OF_PROCESSORS OS PSMODULEPATH PUBLIC ALLUSERSPROFILE ' +
    'ERRORLEVEL CD DATE TIME PYTHONPATH NODE_ENV NODE_OPTIONS VIRTUAL_ENV JAVA_HOME KUBECONFIG'
  ).split(' '),
);
const COMMON_PREFIXES = ['XDG_', 'SSH_', 'LC_', 'RUNBOOK_', 'GITHUB_', 'BASH_'];

/** A variable the shell or the system already gives a meaning (`PATH`, `HOME`, `USER`, `RANDOM`, `RUNBOOK_…`). */
export function isCommonVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return COMMON.has(upper) || COMMON.has(name) || upper.startsWith('RUNBOOK_') || upper.startsWith('BASH_');
}
const WINDOWS_RUNNERS: readonly RunnerKind[] = ['pwsh', 'cmd'];

interface Use {
  readonly name: string;
  /** 0-based line within the code and column within that line. */
  readonly line: number;
  readonly column: number;
  /** Length of the whole reference (`$NAME`, `%NAME%`, `process.env.NAME`…). */
  readonly length: number;
}

export function lintVariableUsage(steps: readonly CodeStep[], declared: ReadonlySet<string>, sourceLines: SourceLines, lineCount: number, out: Diagnostic[]): void {
  const assigned = new Set<string>();
  for (const s of steps) collectAssignments(s, assigned);
  const upper = new Set([...declared, ...assigned].map((n) => n.toUpperCase()));
  for (const step of steps) {
    const seen = new Set<string>();
    const caseless = WINDOWS_RUNNERS.includes(step.runner);
    // Uses come in line order: one cursor over the code and one offset per line keep this linear
    // when a step reads many different variables (hostile or generated input).
    const cursor = { line: 0, start: 0 };
    const offsets = new Map<number, number>();
    for (const use of findUses(step)) {
      const key = caseless ? use.name.toUpperCase() : use.name;
      if (seen.has(key) || isKnown(use.name, caseless, declared, assigned, upper)) continue;
      seen.add(key);
      let offset = offsets.get(use.line);
      if (offset === undefined) {
        const codeLine = lineAt(step.code, use.line, cursor);
        offset = Math.max(0, sourceLines.at(step.line + use.line).indexOf(codeLine));
        offsets.set(use.line, offset);
      }
      const line = Math.min(step.line + 1 + use.line, lineCount);
      out.push(diagnostic('information', 'undeclared-variable', line, offset + use.column + 1,
        `step '${step.id}' uses ${use.name}, which is neither declared in the front matter nor a common environment variable: declare it under 'variables:' (or set it in an earlier step)`,
        { endColumn: offset + use.column + 1 + use.length, data: { variable: use.name } }));
    }
  }
}

/** Names of the environment variables a step reads (`$NAME`, `$env:NAME`, `%NAME%`, …), in order, once each. */
export function variablesReadBy(step: CodeStep): string[] {
  return [...new Set([...findUses(step)].map((u) => u.name))];
}

/** Names a step sets itself (`NAME=`, `export`, `read`, `$env:NAME =`, `set NAME=`, …). */
export function variablesSetBy(step: CodeStep): Set<string> {
  const names = new Set<string>();
  collectAssignments(step, names);
  return names;
}

/** The 0-based `index`th line of `text`, moving `cursor` forward (indexes must not decrease). */
function lineAt(text: string, index: number, cursor: { line: number; start: number }): string {
  while (cursor.line < index && cursor.start >= 0) {
    cursor.start = text.indexOf('\n', cursor.start) + 1 || -1;
    cursor.line++;
  }
  if (cursor.start < 0) return '';
  const end = text.indexOf('\n', cursor.start);
  return end < 0 ? text.slice(cursor.start) : text.slice(cursor.start, end);
}

/** Windows variable names are case-insensitive: `upperKnown` holds declared and assigned names upper-cased. */
function isKnown(name: string, caseless: boolean, declared: ReadonlySet<string>, assigned: ReadonlySet<string>, upperKnown: ReadonlySet<string>): boolean {
  if (declared.has(name) || assigned.has(name) || COMMON.has(name)) return true;
  const upper = name.toUpperCase();
  if (COMMON_PREFIXES.some((p) => upper.startsWith(p))) return true;
  return caseless && (upperKnown.has(upper) || COMMON.has(upper));
}

const SHELL_ASSIGN = /(?:^|[\s;&|(`])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*)?([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/g;
const SHELL_LOOP_READ = /\b(?:for|select)\s+([A-Za-z_]\w*)\s+in\b|\bread\s+(?:-[A-Za-z]*[adinNptu]\s+(?:"[^"]*"|'[^']*'|\S+)\s+|-[A-Za-z]+\s+)*((?:[A-Za-z_]\w*[ \t]*)+)/g;

function collectAssignments(step: CodeStep, into: Set<string>): void {
  const code = step.code;
  switch (step.runner) {
    case 'bash':
    case 'sh':
    case 'zsh':
    case 'other-shell':
      if (!code.includes('=') && !code.includes('read') && !code.includes('for') && !code.includes('select')) break;
      for (const m of code.matchAll(SHELL_ASSIGN)) if (!assignsItself(code, m)) into.add(m[1]!);
      for (const m of code.matchAll(SHELL_LOOP_READ)) for (const n of (m[1] ?? m[2] ?? '').split(/\s+/)) if (n) into.add(n);
      break;
    case 'pwsh':
      for (const m of code.matchAll(/\$env:([A-Za-z_]\w*)\s*=|\$\{env:([^}]+)\}\s*=/gi)) into.add((m[1] ?? m[2])!);
      break;
    case 'cmd':
      for (const m of code.matchAll(/\bset\s+(?:\/[ap]\s+)?"?([A-Za-z_]\w*)=/gi)) into.add(m[1]!);
      break;
    case 'python':
      for (const m of code.matchAll(/os\.environ\[\s*["']([A-Za-z_]\w*)["']\s*\]\s*=(?!=)/g)) into.add(m[1]!);
      break;
    case 'node':
      for (const m of code.matchAll(/process\.env(?:\.([A-Za-z_]\w*)|\[\s*["']([A-Za-z_]\w*)["']\s*\])\s*=(?!=)/g)) into.add((m[1] ?? m[2])!);
      break;
  }
}

/**
 * `NAME="$NAME"` (what the placeholder quick fix writes for `NAME='<…>'`) keeps the value the run
 * gives: it sets nothing, so a declared NAME is still asked for.
 */
function assignsItself(code: string, m: RegExpMatchArray): boolean {
  const name = m[1]!;
  let at = m.index! + m[0].length;
  const quoted = code[at] === '"';
  if (quoted) at++;
  if (code[at] !== '$') return false;
  const braced = code[++at] === '{';
  if (braced) at++;
  if (!code.startsWith(name, at)) return false;
  at += name.length;
  if (braced ? code[at++] !== '}' : /\w/.test(code[at] ?? '')) return false;
  if (quoted && code[at++] !== '"') return false;
  return at >= code.length || /[\s;&|)]/.test(code[at]!);
}

const MARKERS: Readonly<Record<RunnerKind, string>> = { bash: '$', sh: '$', zsh: '$', 'other-shell': '$', pwsh: '$', cmd: '%', python: 'environ', node: 'process.env' };

function* findUses(step: CodeStep): Generator<Use> {
  const code = step.code;
  if (!code.includes(MARKERS[step.runner])) return;
  let text = code;
  let pattern: RegExp;
  switch (step.runner) {
    case 'bash':
    case 'sh':
    case 'zsh':
    case 'other-shell':
      // Comments and single-quoted text do not expand: blank them out, keeping offsets.
      if (text.includes('#')) text = text.replace(/^[ \t]*#.*$/gm, blank);
      if (text.includes("'")) text = text.replace(/'[^'\n]*'/g, blank);
      // ${NAME:-x}, ${NAME-x}, ${NAME:=x}, ${NAME:?x}, ${#NAME} handle a missing value themselves.
      pattern = /\$\{([A-Za-z_]\w*)(?![\w:\-=?+#%/^,[])\}?|\$([A-Za-z_]\w*)/g;
      break;
    case 'pwsh':
      if (text.includes('#')) text = text.replace(/^[ \t]*#.*$/gm, blank);
      pattern = /\$env:([A-Za-z_]\w*)|\$\{env:([A-Za-z_]\w*)\}/gi;
      break;
    case 'cmd':
      text = text.replace(/^[ \t]*(?:rem\s|::).*$/gim, blank);
      pattern = /%([A-Za-z_]\w*)%/g;
      break;
    case 'python':
      pattern = /os\.environ\[\s*["']([A-Za-z_]\w*)["']\s*\]/g;
      break;
    case 'node':
      pattern = /process\.env\.([A-Za-z_]\w*)|process\.env\[\s*["']([A-Za-z_]\w*)["']\s*\]/g;
      break;
  }
  // Line and column from the match offset, counting newlines incrementally.
  // (The next newline is remembered: searching again from each match was quadratic on long lines.)
  let line = 0;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  for (const m of text.matchAll(pattern)) {
    const name = m[1] ?? m[2];
    if (!name) continue;
    for (; nl >= 0 && nl < m.index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    yield { name, line, column: m.index - lineStart, length: m[0].length };
  }
}

const blank = (s: string): string => ' '.repeat(s.length);
