// `runbook attach SESSION`: follow a live run from any terminal: what it printed so far, then
// live; confirm gates and manual checks are asked on a TTY. Ctrl-C detaches (the run goes on).
import { parseRunbook } from '../../core/format';
import { readSessionState } from '../../core/session';
import { connectRunHost } from '../../runhost/client';
import { deadHostSentence, inspectRunHost, runbookTextOf } from '../../runhost/recover';
import { explainLostHost, followRunHost } from '../follow';
import type { CliCommand } from '../io';
import { terminalAsk } from '../prompt';
import { RunPrinter } from '../runPrinter';
import { parseSessionArgs, sessionDir } from '../sessionArg';
import { RUN_EXIT } from '../exitStatus';

export const ATTACH_USAGE = `Usage: runbook attach SESSION [--sessions DIR]

Follow a live run (started by runbook run, runbook run --detach or VS Code): the output so far,
then live output and statuses until the run ends. On a terminal it asks the confirm gates and
manual checks the run waits for. Ctrl-C or closing the terminal only detaches: the run goes on
(runbook stop SESSION cancels it). SESSION is an id from runbook ps, or a session directory.

Exit status: as runbook run for a run that ends while attached (0 passed, 1 failed, 3 blocked,
130 cancelled); 0 when detached; 1 when no run is live in the session; 2 bad usage.
`;


export const attachCommand: CliCommand = async (argv, io) => {
  const args = parseSessionArgs('attach', argv, io, true);
  if (args.help) {
    io.stdout.write(ATTACH_USAGE);
    return 0;
  }
  const dir = sessionDir(args.session!, args.sessions, io);
  const host = await inspectRunHost(dir);
  const state = await readSessionState(dir);
  if (host.kind !== 'live') {
    if (host.kind === 'dead') io.stderr.write(`runbook attach: ${deadHostSentence(host)}.\n`);
    const after = host.kind === 'dead' ? await readSessionState(dir) : state;
    io.stderr.write(`runbook attach: no run is live in session ${after.id} (status: ${after.status}); runbook export ${dir} shows what was recorded\n`);
    return 1;
  }
  const runbook = parseRunbook(await runbookTextOf(state));
  const printer = new RunPrinter(io);
  const ask = io.stdinIsTTY ? (io.ask ?? terminalAsk(process.stdin, process.stderr)) : undefined;
  const connection = await connectRunHost(dir);
  io.stderr.write(`Attached to session ${state.id} (run host ${host.info.pid}). Ctrl-C detaches; runbook stop ${state.id} cancels.\n`);
  const result = await followRunHost(io, connection, { client: 'runbook attach', runbook, printer, ...(ask ? { ask } : {}), interruptCancels: false });
  switch (result.kind) {
    case 'ended':
      printer.summary(result.summary, { id: state.id, dir });
      return RUN_EXIT[result.summary.status];
    case 'idle':
      io.stderr.write('No run is live in this session right now.\n');
      return 1;
    case 'detached':
      io.stderr.write(`\nDetached; the run goes on (runbook attach ${state.id}).\n`);
      return 0;
    case 'lost':
      io.stderr.write(`runbook attach: lost the run host: ${result.message}\n`);
      await explainLostHost(io, dir);
      return 2;
  }
};
