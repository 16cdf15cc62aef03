// `runbook verify SESSION|EXPORT [--allowed-signers FILE]`: exit 0 + summary, or exit 1 + first problem.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyEvidence } from '../../core/evidence';
import { CliCommand, UsageError } from '../io';
import { escapeControls as shown } from '../../core/text/terminal';
import { errorMessage } from '../../core/text/errorMessage';

const HELP = `Usage: runbook verify SESSION|EXPORT [--allowed-signers FILE]

Recomputes the hash chain and the output digests of a session directory, or of an HTML or JSON
export (which embed the chain). Exit 0 with a one-line summary when intact; exit 1 naming the
first altered line or file. With --allowed-signers (ssh-keygen's ALLOWED SIGNERS format) the
record must also carry a good signature by one of those keys (see \`runbook sign\`).
`;

export const verifyCommand: CliCommand = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'allowed-signers': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}. Run 'runbook verify --help'.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one session directory or export file, got ${positionals.length}`);
  const signers = values['allowed-signers'];
  const result = await verifyEvidence(resolve(io.cwd, positionals[0]!), signers ? { allowedSigners: resolve(io.cwd, signers) } : {});
  if (result.ok) {
    io.stdout.write(`${shown(result.message)}\n`);
    return 0;
  }
  io.stderr.write(`runbook verify: ALTERED or incomplete: ${shown(result.message)}\n`);
  return 1;
};
