// `runbook export SESSION --format html|md|json|junit [-o FILE]`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportSessionTo, type ExportFormat } from '../../core/evidence';
import { writeFileAtomic } from '../../core/session/safe-fs';
import { CliCommand, UsageError, type CliIo } from '../io';
import { VERSION } from '../version';
import { errorMessage } from '../../core/text/errorMessage';

const HELP = `Usage: runbook export SESSION [--format html|md|json|junit] [-o FILE]

Exports a session directory as evidence:
  html   one self-contained, printable file; \`runbook verify\` checks it (default)
  md     the runbook with each step's outcome, output and notes after it
  json   every event and every output, for machines; \`runbook verify\` checks it
  junit  JUnit XML, each step a test case, for CI
Writes to FILE, or to standard output without -o.
`;

/** Writes to stdout, waiting for 'drain' when a real stream says its buffer is full. */
function writeOut(stdout: CliIo['stdout'], chunk: string): Promise<void> | void {
  const ok = stdout.write(chunk) as unknown;
  const stream = stdout as Partial<NodeJS.WritableStream>;
  if (ok === false && typeof stream.once === 'function') return new Promise((resolve) => stream.once!('drain', () => resolve()));
}

export const exportCommand: CliCommand = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'html' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}. Run 'runbook export --help'.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one session directory, got ${positionals.length}. Run 'runbook export --help'.`);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}': use one of ${EXPORT_FORMATS.join(', ')}`);
  const dir = resolve(io.cwd, positionals[0]!);
  const generator = `runbook ${VERSION}`;
  if (values.output) {
    // A temporary file next to FILE, renamed over it when complete: a full disk or any failure
    // leaves no half-written export (and an older FILE untouched).
    const out = resolve(io.cwd, values.output);
    await writeFileAtomic(out, (write) => exportSessionTo(dir, format, generator, write));
    io.stderr.write(`runbook export: wrote ${out}\n`);
  } else {
    await exportSessionTo(dir, format, generator, (chunk) => writeOut(io.stdout, chunk));
  }
  return 0;
};
