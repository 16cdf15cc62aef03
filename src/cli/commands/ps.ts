// `runbook ps`: the live runs under a sessions directory (runbook, session, host pid, current
// step, since). A run host found dead on the way is cleaned up (its step recorded interrupted).
import { basename } from 'node:path';
import { deadHostSentence, runHostsUnder } from '../../runhost/recover';
import type { HostInfo } from '../../runhost/protocol';
import type { CliCommand } from '../io';
import { parseSessionArgs } from '../sessionArg';

export const PS_USAGE = `Usage: runbook ps [--sessions DIR] [--json]

List the live runs recorded under DIR (default .runbook/sessions): runbook, session, run host
pid, current step (⏸ when it waits for a person) and since when. Follow one with
runbook attach SESSION, cancel one with runbook stop SESSION.
`;

export const psCommand: CliCommand = async (argv, io) => {
  const args = parseSessionArgs('ps', argv, io, false);
  if (args.help) {
    io.stdout.write(PS_USAGE);
    return 0;
  }
  const live: HostInfo[] = [];
  for (const { dir, status } of await runHostsUnder(args.sessions)) {
    if (status.kind === 'live') live.push(status.info);
    if (status.kind === 'dead') io.stderr.write(`runbook ps: ${basename(dir)}: ${deadHostSentence(status)}\n`);
  }
  if (args.json) {
    io.stdout.write(`${JSON.stringify(live.map((h) => ({ session: h.sessionId, runbook: h.runbookPath, pid: h.pid, step: h.currentStep ?? null, waiting: h.waiting === true, since: h.since ?? h.startedAt })), null, 2)}\n`);
    return 0;
  }
  if (live.length === 0) {
    io.stdout.write(`No live runs under ${args.sessions}\n`);
    return 0;
  }
  const rows = [['RUNBOOK', 'SESSION', 'PID', 'STEP', 'SINCE'], ...live.map((h) => [h.title || h.runbookPath, h.sessionId, String(h.pid), `${h.waiting ? '⏸ ' : ''}${h.currentStep ?? '-'}`, h.since ?? h.startedAt])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`);
  return 0;
};
