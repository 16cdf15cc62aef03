// Reads a runbook file for a CLI command: a one-line UsageError (exit 2) for a missing file,
// a directory or anything unreadable — never a stack trace.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../io';

export function readRunbookFile(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file; check the path` : `${file}: cannot read (${code ?? 'error'})`);
  }
  if (isDir) throw new UsageError(`${file}: is a directory; give a Markdown file such as ${file.replace(/\/$/, '')}/README.md`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
  }
}
