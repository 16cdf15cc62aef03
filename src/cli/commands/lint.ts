// `runbook lint FILE... [--json]`: `file:line:col: severity message [code]` per diagnostic.
// Exit 0 clean (warnings allowed), 1 on any error, 2 when a file cannot be read.
import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { VERSION } from '../version';
import { parseRunbook, hasErrors, type Diagnostic } from '../../core/format';
import { readRunbookFile } from './readRunbook';
import { escapeControls as shown } from '../../core/text/terminal';

export const LINT_USAGE = `Usage: runbook lint FILE... [--json]

Check runbooks and print one line per problem: file:line:col: severity message [code].
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a file cannot be read.

Options:
  --json         print [{file, diagnostics: [{severity, line, column, code, message}]}]
  -h, --help     show this help
  -V, --version  show the version
`;

export const lintCommand: CliCommand = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(LINT_USAGE);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    io.stdout.write(`runbook ${VERSION}\n`);
    return 0;
  }
  const json = argv.includes('--json');
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--json');
  if (unknown) throw new UsageError(`unknown option '${unknown}'. Run 'runbook lint --help'`);
  const files = argv.filter((a) => a !== '--json');
  if (files.length === 0) throw new UsageError("expects at least one FILE. Run 'runbook lint --help'");

  let unreadable = false;
  let errors = false;
  const results: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readRunbookFile(file, io.cwd);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`runbook lint: ${shown(error.message)}\n`);
      unreadable = true;
      continue;
    }
    const { diagnostics } = parseRunbook(text, { fileName: file });
    errors ||= hasErrors(diagnostics);
    results.push({ file, diagnostics: [...diagnostics] });
  }
  if (json) {
    const shape = results.map((r) => ({ file: r.file, diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, line: d.line, column: d.column, code: d.code, message: d.message })) }));
    io.stdout.write(`${JSON.stringify(shape, null, 2)}\n`);
  } else {
    for (const r of results) for (const d of r.diagnostics) io.stdout.write(`${shown(r.file)}:${d.line}:${d.column}: ${d.severity} ${shown(d.message)} [${d.code}]\n`);
  }
  return unreadable ? 2 : errors ? 1 : 0;
};
