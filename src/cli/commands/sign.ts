// `runbook sign SESSION --key KEY`: signs the session's event log with an SSH key (ssh-keygen -Y sign).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signSession, verifyEvidence } from '../../core/evidence';
import { CliCommand, UsageError } from '../io';
import { escapeControls as shown } from '../../core/text/terminal';
import { errorMessage } from '../../core/text/errorMessage';

const HELP = `Usage: runbook sign SESSION --key KEY

Signs SESSION/events.jsonl with an SSH private key (ssh-keygen -Y sign, namespace "runbook"),
writing SESSION/events.jsonl.sig. The log holds the digests of every output and runbook copy,
so the signature covers the whole record. Exports made afterwards embed the signature. Check it
with \`runbook verify SESSION --allowed-signers FILE\`.
`;

export const signCommand: CliCommand = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { key: { type: 'string', short: 'k' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}. Run 'runbook sign --help'.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one session directory');
  if (!values.key) throw new UsageError('--key KEY is required (an SSH private key, e.g. ~/.ssh/id_ed25519)');
  const dir = resolve(io.cwd, positionals[0]!);
  // Never sign a record that is already broken: the signature would vouch for the damage.
  const check = await verifyEvidence(dir);
  if (!check.ok) {
    io.stderr.write(`runbook sign: refusing to sign: ${shown(check.message)}\n`);
    return 1;
  }
  const sig = await signSession(dir, resolve(io.cwd, values.key));
  io.stdout.write(`signed: ${sig}\n`);
  return 0;
};
