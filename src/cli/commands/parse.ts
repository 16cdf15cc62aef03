// `runbook parse FILE`: the parsed runbook as JSON. Exit 0 without errors, 1 with, 2 on bad input.
import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { VERSION } from '../version';
import { parseRunbook, hasErrors, type Runbook } from '../../core/format';
import { readRunbookFile } from './readRunbook';

export const PARSE_USAGE = `Usage: runbook parse FILE

Print the runbook in FILE as JSON: title, description, variables, steps and diagnostics.
Exit status: 0 no errors, 1 the runbook has errors, 2 the file cannot be read.

Options:
  -h, --help     show this help
  -V, --version  show the version
`;

export const parseCommand: CliCommand = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(PARSE_USAGE);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    io.stdout.write(`runbook ${VERSION}\n`);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-') && a !== '-');
  if (unknown) throw new UsageError(`unknown option '${unknown}'. Run 'runbook parse --help'`);
  if (argv.length !== 1) throw new UsageError(`expects exactly one FILE, got ${argv.length}. Run 'runbook parse --help'`);
  const file = argv[0]!;
  const runbook = parseRunbook(readRunbookFile(file, io.cwd), { fileName: file });
  io.stdout.write(`${JSON.stringify(toJson(runbook), null, 2)}\n`);
  return hasErrors(runbook.diagnostics) ? 1 : 0;
};

/** The documented JSON shape (docs/format.md); fields that do not apply are null. */
export function toJson(r: Runbook): unknown {
  return {
    title: r.title,
    description: r.description ?? null,
    variables: r.variables.map((v) => ({
      name: v.name, description: v.description ?? null, default: v.default ?? null, secret: v.secret,
      required: v.required, pattern: v.pattern ?? null, choices: v.choices ?? null,
    })),
    steps: r.steps.map((s) => ({
      id: s.id, kind: s.kind, lang: s.kind === 'code' ? s.lang : null, line: s.line, title: s.title, section: s.section,
      attributes: s.kind === 'code' ? s.attributes : {}, code: s.kind === 'code' ? s.code : null, checked: s.kind === 'check' ? s.checked : null,
      // A transcript: what runs, and the sample output that does not (docs/format.md, Transcripts).
      ...(s.kind === 'code' && s.transcript && s.run !== undefined ? { run: s.run, expectedOutput: s.transcript.expectedOutput } : {}),
      ...(s.kind === 'code' && s.notRunnable !== undefined ? { notRunnable: s.notRunnable } : {}),
    })),
    diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, line: d.line, column: d.column, code: d.code, message: d.message })),
  };
}
