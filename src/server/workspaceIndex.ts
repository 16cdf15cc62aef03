// The runbooks of the workspace folders, for workspace symbols. Reads Markdown files only (it never
// runs anything), skips dependency and build folders, and re-parses a file only when its mtime changes.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseRunbook } from '../core/format/parse';
import { isRunbook, type IndexedRunbook } from '../core/language';
import { readRunbookText } from '../core/text/runbookFile';

const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.vscode-test', '.runbook']);
const MAX_FILES = 5000;
const MAX_BYTES = 2 * 1024 * 1024;

interface Entry {
  readonly mtimeMs: number;
  readonly indexed?: IndexedRunbook;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private fileList?: Promise<string[]>;

  constructor(private readonly folders: readonly string[]) {}

  static fromUris(uris: readonly string[]): WorkspaceIndex {
    return new WorkspaceIndex(uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
  }

  /** A file was created, changed or deleted: forget what we know about it. */
  invalidate(uri: string, structural: boolean): void {
    if (uri.startsWith('file:')) this.entries.delete(fileURLToPath(uri));
    if (structural) this.fileList = undefined;
  }

  async runbooks(): Promise<IndexedRunbook[]> {
    this.fileList ??= this.listMarkdown();
    const out: IndexedRunbook[] = [];
    for (const file of await this.fileList) {
      const indexed = await this.load(file);
      if (indexed) out.push(indexed);
    }
    return out;
  }

  private async load(file: string): Promise<IndexedRunbook | undefined> {
    try {
      const info = await stat(file);
      const cached = this.entries.get(file);
      if (cached && cached.mtimeMs === info.mtimeMs) return cached.indexed;
      let indexed: IndexedRunbook | undefined;
      // Regular files only, bounded (a .md that is a FIFO or grows must not hang or fill memory).
      const read = info.isFile() && info.size <= MAX_BYTES ? readRunbookText(file, MAX_BYTES) : undefined;
      if (read?.ok) {
        const runbook = parseRunbook(read.text, { fileName: file });
        if (isRunbook(runbook)) indexed = { uri: pathToFileURL(file).toString(), runbook };
      }
      this.entries.set(file, { mtimeMs: info.mtimeMs, ...(indexed ? { indexed } : {}) });
      return indexed;
    } catch {
      this.entries.delete(file); // deleted or unreadable since the listing: not a runbook any more
      return undefined;
    }
  }

  private async listMarkdown(): Promise<string[]> {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let items;
      try {
        items = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const item of items) {
        if (files.length >= MAX_FILES) return;
        if (item.isDirectory()) {
          if (!SKIP.has(item.name) && !item.name.startsWith('.')) await walk(join(dir, item.name));
        } else if (item.isFile() && /\.(md|markdown)$/i.test(item.name)) files.push(join(dir, item.name));
      }
    };
    for (const folder of this.folders) await walk(folder);
    return files;
  }
}
