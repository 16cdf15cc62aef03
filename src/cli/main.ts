// `runbook` — the command-line face of the pure core: parse | lint | run | export | verify | sign.
import { CliIo, CliCommand, UsageError } from './io';
import { parseCommand } from './commands/parse';
import { lintCommand } from './commands/lint';
import { runCommand } from './commands/run';
import { exportCommand } from './commands/export';
import { verifyCommand } from './commands/verify';
import { signCommand } from './commands/sign';
import { attachCommand } from './commands/attach';
import { psCommand } from './commands/ps';
import { stopCommand } from './commands/stop';
import { VERSION } from './version';
import { escapeControls as shown } from '../core/text/terminal';

const COMMANDS: Readonly<Record<string, { run: CliCommand; summary: string }>> = {
  parse: { run: parseCommand, summary: 'print a runbook as JSON (steps, variables, diagnostics)' },
  lint: { run: lintCommand, summary: 'check runbooks; file:line:col diagnostics' },
  run: { run: runCommand, summary: 'run a runbook in a run host, recording a session' },
  attach: { run: attachCommand, summary: 'follow a live run (output so far, then live; answers its questions)' },
  ps: { run: psCommand, summary: 'list live runs (runbook, session, host pid, current step, since)' },
  stop: { run: stopCommand, summary: 'cancel a live run' },
  export: { run: exportCommand, summary: 'export a session as evidence (html, md, json, junit)' },
  verify: { run: verifyCommand, summary: 'check that a session or an export was not altered' },
  sign: { run: signCommand, summary: 'sign a session with an SSH key (ssh-keygen -Y sign)' },
};

export const USAGE = `Usage: runbook <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run 'runbook <command> --help' for a command's options.
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`runbook ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`runbook: unknown command '${shown(name)}'. Run 'runbook --help' for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`runbook ${name}: ${shown(error.message)}\n`);
      return 2;
    }
    // Never a stack trace for the user; RUNBOOK_DEBUG=1 shows it.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`runbook ${name}: ${shown(message)}\n`);
    if (io.env.RUNBOOK_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`runbook: ${shown(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 2;
    },
  );
}
