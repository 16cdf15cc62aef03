// `runbook export SESSION --format html|md|json|junit [-o FILE]`
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportSession, type ExportFormat } from '../../core/evidence';
import { CliCommand, UsageError } from '../io';
import { VERSION } from '../version';

const HELP = `Usage: runbook export SESSION [--format html|md|json|junit] [-o FILE]

Exports a session directory as evidence:
  html   one self-contained, printable file; \`runbook verify\` checks it (default)
  md     the runbook with each step's outcome, output and notes after it
  json   every event and every output, for machines; \`runbook verify\` checks it
  junit  JUnit XML, each step a test case, for CI
Writes to FILE, or to standard output without -o.
`;

export const exportCommand: CliCommand = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'html' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run 'runbook export --help'.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one session directory, got ${positionals.length}. Run 'runbook export --help'.`);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}': use one of ${EXPORT_FORMATS.join(', ')}`);
  const text = await exportSession(resolve(io.cwd, positionals[0]!), format, `runbook ${VERSION}`);
  if (values.output) {
    const out = resolve(io.cwd, values.output);
    await writeFile(out, text);
    io.stderr.write(`runbook export: wrote ${out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
};
