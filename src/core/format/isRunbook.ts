// The one rule for "is this Markdown file a runbook?" (docs/format.md, "What makes a file a
// runbook"). The extension shows CodeLens, gutters and the status bar and starts the language
// client only for runbooks; the language server publishes diagnostics only for them. A plain
// README with a ```bash fence is not a runbook, so its readers pay nothing.
import { minimatch } from 'minimatch';
import { RUNBOOK_DECLARING_KEYS } from './frontMatterKeys';

/** The default of the `runbook.include` setting. */
export const DEFAULT_RUNBOOK_INCLUDE: readonly string[] = ['**/runbooks/**', '**/*.runbook.md'];

export interface RunbookFile {
  /** The file's text (only its front matter is read). */
  readonly text: string;
  /** Its path relative to its workspace folder (or absolute when outside any folder), either slash. */
  readonly path: string;
  /** `runbook.include` globs, matched against `path`. */
  readonly include: readonly string[];
  /** True when it was opened as a runbook in this workspace (Open Runbook, remembered). */
  readonly remembered?: boolean;
}

export function isRunbookFile(file: RunbookFile): boolean {
  return file.remembered === true || matchesRunbookInclude(file.path, file.include) || declaresRunbook(file.text);
}

// YAML between `---` lines (closed by `---` or `...`), or TOML between `+++` lines (Hugo).
const YAML_FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const TOML_FRONT_MATTER = /^\uFEFF?\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n\+\+\+[ \t]*(?:\r?\n|$)/;
const KEYS = RUNBOOK_DECLARING_KEYS.join('|');
/** `key: value` (YAML) or `key = value` (TOML) at the start of a line: a top-level key. */
const KEY_LINE = new RegExp(`^(${KEYS})[ \\t]*[:=](.*)$`);
/** A TOML table header: keys after it belong to the table, unless it is a runbook key's own (`[variables.HOST]`). */
const TOML_TABLE = /^\[\[?[ \t]*([^\].\s]+)/;

/** The front matter has a top-level runbook key (`runbook: false` does not count). */
export function declaresRunbook(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  const yaml = YAML_FRONT_MATTER.exec(head);
  const fm = yaml ?? TOML_FRONT_MATTER.exec(head);
  if (!fm) return false;
  for (const line of fm[1]!.split(/\r?\n/)) {
    const table = yaml ? null : TOML_TABLE.exec(line);
    if (table) return RUNBOOK_DECLARING_KEYS.includes(table[1]!); // later keys are the table's
    const key = KEY_LINE.exec(line);
    if (key && !(key[1] === 'runbook' && /^\s*false\s*(#.*)?$/.test(key[2]!))) return true;
  }
  return false;
}

export function matchesRunbookInclude(path: string, include: readonly string[]): boolean {
  const normalized = path.replace(/\\/g, '/');
  return include.some((glob) => typeof glob === 'string' && glob !== '' && minimatch(normalized, glob, { dot: true }));
}
