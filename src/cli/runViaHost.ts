// `runbook run` as a client of a run host: start the host (which opens or resumes the session and
// starts the run), attach, print as the in-process run does, answer questions on a TTY. With
// --detach it returns as soon as the run has started.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runbook } from '../core/format/model';
import { readSessionState } from '../core/session';
import { outputFileName } from '../core/session/naming';
import { connectRunHost } from '../runhost/client';
import { startRunHost, type SpawnedRunHost } from '../runhost/launch';
import type { RunParams } from '../runhost/protocol';
import { deadHostSentence, inspectRunHost } from '../runhost/recover';
import { explainLostHost, followRunHost } from './follow';
import { UsageError, type CliIo } from './io';
import { terminalAsk } from './prompt';
import type { RunArgs } from './runArgs';
import { jsonSteps } from './runJson';
import { RunPrinter } from './runPrinter';
import { VERSION } from './version';
import { RUN_EXIT, signalExit } from './exitStatus';


export interface PreparedRun {
  readonly runbook: Runbook;
  readonly runbookPath: string;
  readonly text: string;
  /** Variable values as given (--var, RUNBOOK_VAR_*). */
  readonly given: Readonly<Record<string, string>>;
}

export async function runViaHost(args: RunArgs, io: CliIo, run: PreparedRun, spawned?: SpawnedRunHost): Promise<number> {
  const sessionsDir = resolve(io.cwd, args.sessions ?? join('.runbook', 'sessions'));
  const resumeDir = args.resume !== undefined ? await sessionToResume(args.resume, sessionsDir, io, run.runbookPath) : undefined;
  const ask = io.stdinIsTTY && !args.detach ? (io.ask ?? terminalAsk(process.stdin, process.stderr)) : undefined;
  const params: RunParams | 'resume' =
    args.only !== undefined ? { mode: 'step', stepId: args.only }
    : args.from !== undefined ? { mode: 'from', stepId: args.from }
    : resumeDir ? 'resume' : { mode: 'all' };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined) env[k] = v;
  const started = await startRunHost({
    sessionsDir, runbookPath: run.runbookPath, runbookText: run.text, variables: run.given, env, run: params, clientAttaches: !args.detach,
    ...(resumeDir ? { resumeDir } : {}),
    tool: { name: 'runbook-cli', version: VERSION }, yes: args.yes, checks: args.checks,
    // A person can answer later (attach) unless this is a non-interactive run that never asks.
    unattended: ask || args.detach ? 'wait' : 'block',
    waitLimitMs: args.waitLimitMs, endSessionWhenRunEnds: true,
  }, spawned);
  if (args.detach) {
    io.stdout.write(`Session ${started.sessionId} is running in run host ${started.pid} (${started.sessionDir})\n`);
    io.stdout.write(`  follow it:  runbook attach ${started.sessionId}\n  cancel it:  runbook stop ${started.sessionId}\n`);
    return 0;
  }
  const printer = args.json ? undefined : new RunPrinter(io, (stepId, attempt) => join(started.sessionDir, outputFileName(stepId, attempt)));
  const host = await connectRunHost(started.sessionDir);
  const result = await followRunHost(io, host, { client: 'runbook run', runbook: run.runbook, ...(printer ? { printer } : {}), ...(ask ? { ask } : {}), interruptCancels: true });
  // The run is recorded and its session ended: the host is exiting. `runEnded` comes once the
  // session's lock and log are released and the host files removed (host.ts, finishRun), so a
  // command right after this one (--resume, verify, ps) finds the session done; the host's own
  // exit is not waited for. A run that ended before we attached ('idle') was told by a host that
  // kept its files for us: wait for it to be gone.
  if (result.kind === 'idle') await exitOf(started.exited, HOST_EXIT_WAIT_MS);
  switch (result.kind) {
    case 'detached':
      io.stderr.write(`\nDetached (${result.signal}); the run goes on in run host ${started.pid} and is recorded to its end.\n  follow it: runbook attach ${started.sessionId}\n`);
      return signalExit(result.signal);
    case 'lost':
      io.stderr.write(`runbook run: lost the run host: ${result.message}\n`);
      await explainLostHost(io, started.sessionDir);
      return 2;
    case 'idle':
      if (!result.snapshot.lastRun) return 2;
      return finish(args, io, printer, result.snapshot.lastRun, started, ask);
    case 'ended':
      if (result.error) {
        // As without a run host: the run's end could not be recorded, so no summary claims it was.
        io.stderr.write(`runbook run: ${result.error}\n`);
        return 2;
      }
      return finish(args, io, printer, result.summary, started, ask);
  }
}

/** At most this long: a host that hangs on exit is not this command's to wait for. */
const HOST_EXIT_WAIT_MS = 5000;

function exitOf(exited: Promise<void>, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    // A referenced timer: the host is an unref'd child, and its exit alone would not keep us alive.
    const timer = setTimeout(resolve, limitMs);
    void exited.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function finish(args: RunArgs, io: CliIo, printer: RunPrinter | undefined, summary: import('../core/executor').RunSummary, session: { sessionId: string; sessionDir: string }, ask: unknown): number {
  if (args.json || !printer) {
    io.stdout.write(`${JSON.stringify({ session: session.sessionId, status: summary.status, steps: jsonSteps(summary) }, null, 2)}\n`);
  } else {
    const hint = summary.status === 'blocked' && !ask && !args.yes ? 'No terminal to ask for confirmation: pass --yes to run confirm steps.' : undefined;
    printer.summary(summary, { id: session.sessionId, dir: session.sessionDir }, hint);
  }
  return RUN_EXIT[summary.status];
}

async function sessionToResume(name: string, sessionsDir: string, io: CliIo, runbookPath: string): Promise<string> {
  const asPath = resolve(io.cwd, name);
  const dir = existsSync(asPath) ? asPath : join(sessionsDir, name);
  if (!existsSync(dir)) throw new UsageError(`--resume ${name}: no such session (looked in ${sessionsDir})`);
  const host = await inspectRunHost(dir);
  if (host.kind === 'live') throw new UsageError(`--resume ${name}: the session is live in run host ${host.info.pid}; follow it with runbook attach ${host.info.sessionId}`);
  if (host.kind === 'dead') io.stderr.write(`runbook run: ${deadHostSentence(host)}.\n`);
  const state = await readSessionState(dir);
  if (resolve(state.runbookPath) !== runbookPath) throw new UsageError(`--resume ${name}: that session ran ${state.runbookPath}, not ${runbookPath}`);
  return dir;
}
