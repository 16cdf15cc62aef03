// Reads a runbook file for a CLI command: a one-line UsageError (exit 2) for a missing file, a
// directory, a device or pipe, a file over the size limit, or anything unreadable — never a
// stack trace, never unbounded memory (see core/text/runbookFile.ts).
import { resolve } from 'node:path';
import { UsageError } from '../io';
import { readRunbookText } from '../../core/text/runbookFile';

export function readRunbookFile(file: string, cwd: string): string {
  const read = readRunbookText(resolve(cwd, file));
  if (read.ok) return read.text;
  if (read.code === 'EISDIR') throw new UsageError(`${file}: is a directory; give a Markdown file such as ${file.replace(/\/$/, '')}/README.md`);
  throw new UsageError(`${file}: ${read.reason}`);
}
