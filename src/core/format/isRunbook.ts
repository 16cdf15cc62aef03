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

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const DECLARING_KEY = new RegExp(`^(${RUNBOOK_DECLARING_KEYS.join('|')})[ \\t]*:(.*)$`, 'm');

/** The front matter has a top-level runbook key (`runbook: false` does not count). */
export function declaresRunbook(text: string): boolean {
  const fm = FRONT_MATTER.exec(text.slice(0, 64 * 1024));
  if (!fm) return false;
  for (const line of fm[1]!.split(/\r?\n/)) {
    const key = DECLARING_KEY.exec(line);
    if (key && !(key[1] === 'runbook' && /^\s*false\s*(#.*)?$/.test(key[2]!))) return true;
  }
  return false;
}

export function matchesRunbookInclude(path: string, include: readonly string[]): boolean {
  const normalized = path.replace(/\\/g, '/');
  return include.some((glob) => typeof glob === 'string' && glob !== '' && minimatch(normalized, glob, { dot: true, nocase: false }));
}
