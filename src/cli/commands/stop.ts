// `runbook stop SESSION`: cancel a live run from any terminal (what Ctrl-C does in runbook run):
// the running step's whole process tree is ended and the run is recorded as cancelled.
import { connectRunHost } from '../../runhost/client';
import { CancelRequest, AttachRequest, RunEndedNotification } from '../../runhost/protocol';
import { deadHostSentence, inspectRunHost } from '../../runhost/recover';
import type { CliCommand } from '../io';
import { parseSessionArgs, sessionDir } from '../sessionArg';

export const STOP_USAGE = `Usage: runbook stop SESSION [--sessions DIR]

Cancel a live run: the running step's process tree is ended, the run is recorded as cancelled
and its run host exits. SESSION is an id from runbook ps, or a session directory.

Exit status: 0 cancelled (or the run ended meanwhile), 1 no run is live in the session, 2 bad usage.
`;

export const stopCommand: CliCommand = async (argv, io) => {
  const args = parseSessionArgs('stop', argv, io, true);
  if (args.help) {
    io.stdout.write(STOP_USAGE);
    return 0;
  }
  const dir = sessionDir(args.session!, args.sessions, io);
  const host = await inspectRunHost(dir);
  if (host.kind !== 'live') {
    if (host.kind === 'dead') io.stderr.write(`runbook stop: ${deadHostSentence(host)}.\n`);
    io.stderr.write(`runbook stop: no run is live in session ${args.session}\n`);
    return 1;
  }
  const connection = await connectRunHost(dir);
  try {
    const ended = new Promise<string>((resolve) => {
      connection.rpc.onNotification(RunEndedNotification, (p) => resolve(p.summary.status));
      void connection.closed.then(() => resolve('ended'));
    });
    const snapshot = await connection.rpc.sendRequest(AttachRequest, { canAnswer: false, client: 'runbook stop' });
    if (!snapshot.running) {
      io.stderr.write(`runbook stop: no run is live in session ${snapshot.sessionId}\n`);
      return 1;
    }
    await connection.rpc.sendRequest(CancelRequest);
    const status = await ended;
    io.stdout.write(`Run in session ${snapshot.sessionId}: ${status}\n`);
    return 0;
  } finally {
    connection.close();
  }
};
