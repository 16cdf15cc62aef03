// `runbook` — the command-line face of the pure core: parse | lint | run | export | verify | sign.
// This dispatcher stays tiny: each command's code loads only when that command runs. In dist/
// every `./commands/<name>` import below is its own bundle (dist/cli-<name>.js, see
// scripts/build.mjs), so `runbook --help` compiles a few KB and `runbook lint` never parses the
// executor, the session log or zod.
import { CliIo, CliCommand, isUsageError } from './io';
import { VERSION } from './version';
import { escapeControls as shown } from '../core/text/terminal';
import { errorMessage } from '../core/text/errorMessage';

type Loader = () => Promise<CliCommand>;

const COMMANDS: Readonly<Record<string, { load: Loader; summary: string }>> = {
  parse: { load: () => import('./commands/parse').then((m) => m.parseCommand), summary: 'print a runbook as JSON (steps, variables, diagnostics)' },
  lint: { load: () => import('./commands/lint').then((m) => m.lintCommand), summary: 'check runbooks; file:line:col diagnostics' },
  run: { load: () => import('./commands/run').then((m) => m.runCommand), summary: 'run a runbook in a run host, recording a session' },
  attach: { load: () => import('./commands/attach').then((m) => m.attachCommand), summary: 'follow a live run (output so far, then live; answers its questions)' },
  ps: { load: () => import('./commands/ps').then((m) => m.psCommand), summary: 'list live runs (runbook, session, host pid, current step, since)' },
  stop: { load: () => import('./commands/stop').then((m) => m.stopCommand), summary: 'cancel a live run' },
  export: { load: () => import('./commands/export').then((m) => m.exportCommand), summary: 'export a session as evidence (html, md, json, junit)' },
  verify: { load: () => import('./commands/verify').then((m) => m.verifyCommand), summary: 'check that a session or an export was not altered' },
  sign: { load: () => import('./commands/sign').then((m) => m.signCommand), summary: 'sign a session with an SSH key (ssh-keygen -Y sign)' },
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
    return await (await command.load())(rest, io);
  } catch (error) {
    // By name, not instanceof: each command bundle has its own copy of the class.
    if (isUsageError(error)) {
      io.stderr.write(`runbook ${name}: ${shown(error.message)}\n`);
      return 2;
    }
    // Never a stack trace for the user; RUNBOOK_DEBUG=1 shows it.
    const message = errorMessage(error);
    io.stderr.write(`runbook ${name}: ${shown(message)}\n`);
    if (io.env.RUNBOOK_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    // On first use: creating process.stdout costs a few ms, and a clean `lint` never writes.
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    // isatty(0), not process.stdin.isTTY: touching process.stdin opens a handle on a piped stdin.
    // On first use: node:tty loads Node's stream and net modules (~2 % of a start), which `lint`
    // and `parse` never need.
    get stdinIsTTY() {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous and on first use (see above)
      return (require('node:tty') as typeof import('node:tty')).isatty(0);
    },
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // A finished command exits even if a handle lingers (a piped stdin, a run host's socket):
      // the timer is unref'd, so it only fires when something else would keep the process up.
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`runbook: ${shown(errorMessage(error))}\n`);
      process.exitCode = 2;
    },
  );
}
