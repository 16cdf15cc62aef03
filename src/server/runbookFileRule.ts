// The server's side of "is this file a runbook?": src/core/format/isRunbook.ts fed with the
// workspace folders and what the client last said (globs, files opened as runbooks).
import { isRunbookFile } from '../core/format/isRunbook';
import type { RunbookFilesParams } from '../core/language/runbookFilesNotification';

export class RunbookFileRule {
  private folders: readonly string[] = [];
  private remembered = new Set<string>();
  private include: readonly string[];

  constructor(initial: RunbookFilesParams) {
    this.include = initial.include;
    this.remembered = new Set(initial.remembered);
  }

  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.map((f) => (f.endsWith('/') ? f : `${f}/`));
  }

  update(params: RunbookFilesParams): void {
    if (Array.isArray(params.include)) this.include = params.include.filter((g) => typeof g === 'string');
    if (Array.isArray(params.remembered)) this.remembered = new Set(params.remembered);
  }

  isRunbook(uri: string, text: string): boolean {
    return isRunbookFile({ text, path: this.relativePath(uri), include: this.include, remembered: this.remembered.has(uri) });
  }

  /** The path inside its workspace folder (as `runbook.include` globs are written), else the whole path. */
  private relativePath(uri: string): string {
    const folder = this.folders.find((f) => uri.startsWith(f));
    const rest = folder ? uri.slice(folder.length) : uri.replace(/^[a-z-]+:\/\/[^/]*/i, '');
    try {
      return decodeURIComponent(rest);
    } catch {
      return rest;
    }
  }
}
