// `runbook run FILE`: resolve variables, then run the steps through the executor while a
// session records everything; live output on a TTY or one JSON summary with --json.
// Exit status (the session's final status, src/core/run/finalStatus.ts): 0 passed, 1 failed or
// timed out, 2 bad input or usage, 3 blocked, 130 cancelled.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliCommand, CliIo } from '../io';
import { UsageError } from '../io';
import { VERSION } from '../version';
import { parseRunbook } from '../../core/format';
import type { Runbook } from '../../core/format/model';
import { missingVariables, missingVariablesMessage, resolveVariables, stepsInScope, type RunScope, type RunStatus, type RunSummary } from '../../core/executor';
import { firstNotDone, recordsFromState, startRecordedRun, type RunRequest } from '../../core/run';
import { openNewSession, readSessionState, resumeSession, type Session } from '../../core/session';
import { readRunbookFile } from './readRunbook';
import { parseRunArgs, RUN_USAGE, type RunArgs } from '../runArgs';
import { cliHost, terminalAsk } from '../prompt';
import { RunPrinter } from '../runPrinter';
import { jsonSteps } from '../runJson';
import { printDryRun } from '../runDryRun';
import { askVariables } from '../askVariables';
import { readHidden } from '../hiddenInput';
import { runViaHost } from '../runViaHost';
import { onStopSignals } from '../signals';
import { escapeControls as shown } from '../../core/text/terminal';
import { RUN_EXIT } from '../exitStatus';
import { spawnRunHost, type SpawnedRunHost } from '../../runhost/launch';
import { errorMessage } from '../../core/text/errorMessage';


export const runCommand: CliCommand = async (argv, io, early) => {
  const args = parseRunArgs(argv);
  if (args.help) {
    io.stdout.write(RUN_USAGE);
    return 0;
  }
  // The run host starts now (or already did, in the dispatcher), while this process reads and
  // parses the runbook and asks for what it needs: the two Node start-ups overlap. Not needed
  // after all (bad input, interactive steps): it is abandoned and exits without a session.
  const host = args.dryRun || args.noHost ? undefined : (early?.runHost ?? spawnRunHost());
  if (!host) early?.runHost?.abandon();
  try {
    return await runWith(args, io, host);
  } finally {
    host?.abandon();
  }
};

async function runWith(args: RunArgs, io: CliIo, host: SpawnedRunHost | undefined): Promise<number> {
  const text = readRunbookFile(args.file, io.cwd);
  const runbookPath = resolve(io.cwd, args.file);
  const runbook = parseRunbook(text, { fileName: args.file });
  const errors = runbook.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) io.stderr.write(`${shown(args.file)}:${d.line}:${d.column}: error ${shown(d.message)} [${d.code}]\n`);
    io.stderr.write(`runbook run: fix the errors above before running (runbook lint ${shown(args.file)})\n`);
    return 2;
  }
  const given: Record<string, string> = { ...fromEnvironment(runbook, io.env), ...args.vars };
  for (const id of [args.from, args.only]) if (id !== undefined) checkStepId(runbook, id);
  // Variables the run needs and nobody gave: asked on a terminal, else exit 2 before anything runs
  // (--yes answers confirm gates, not this). A resumed run asks for all it might need.
  const scope: RunScope = args.only !== undefined ? { kind: 'step', stepId: args.only } : args.from !== undefined ? { kind: 'from', stepId: args.from } : { kind: 'all' };
  const missing = args.dryRun ? [] : missingVariables(runbook, stepsInScope(runbook, scope), given);
  if (missing.length > 0) {
    if (!io.stdinIsTTY) {
      for (const m of missing) io.stderr.write(`${shown(args.file)}:${m.line}: ${shown(missingVariablesMessage([m]))}\n`);
      io.stderr.write('runbook run: nothing ran; no terminal to ask for the values above\n');
      return 2;
    }
    const asked = await askVariables(runbook, missing, given, {
      ask: io.ask ?? terminalAsk(process.stdin, process.stderr),
      askSecret: io.askSecret ?? ((question) => readHidden(process.stdin, process.stderr, question)),
      note: (text) => io.stderr.write(text),
    });
    if ('unanswered' in asked) {
      io.stderr.write(`runbook run: no value for ${asked.unanswered}; nothing ran\n`);
      return 2;
    }
    Object.assign(given, asked.values);
  }
  const vars = resolveVariables(runbook, given);
  if (!vars.ok) {
    for (const e of vars.errors) io.stderr.write(`${shown(args.file)}:${e.line ?? 1}: ${shown(e.message)}\n`);
    return 2;
  }
  if (args.dryRun) {
    printDryRun(io, args, runbook, vars.values, vars.secretNames);
    return 0;
  }
  const interactive = runbook.steps.some((s) => s.kind === 'code' && s.interactive);
  if (interactive && args.detach) throw new UsageError('this runbook has interactive steps: they need this terminal, so it cannot run detached');
  if (host && !interactive) return runViaHost(args, io, { runbook, runbookPath, text, given }, host);
  host?.abandon();
  if (!args.noHost) io.stderr.write('runbook run: this runbook has interactive steps, so it runs in this terminal without a run host (closing the terminal ends the run)\n');

  const session = await openSession(args, io, runbookPath, text, vars.values, vars.secretNames);
  const previous = args.resume ? await readSessionState(session.dir) : undefined;
  const printer = args.json ? undefined : new RunPrinter(io);
  const ask = io.stdinIsTTY ? (io.ask ?? terminalAsk(process.stdin, process.stderr)) : undefined;
  const run = startRecordedRun({
    runbook,
    baseDir: dirname(runbookPath),
    variables: given,
    session,
    host: cliHost({ yes: args.yes, checks: args.checks, ...(ask ? { ask } : {}) }),
    ...(previous ? { records: recordsFromState(previous) } : {}),
    observers: printer ? [printer] : [],
    env: io.env,
    onObserverError: (e) => io.stderr.write(`runbook run: ${shown(errorMessage(e))}\n`),
  });

  // Ctrl-C: the steps run in their own process groups, so the terminal's SIGINT reaches only
  // us; cancel kills the running step's group and the run ends as `cancelled`. Without a run
  // host nothing survives this process, so SIGTERM and SIGHUP do the same (see ../signals.ts).
  const signals = onStopSignals(() => run.cancel());
  let summary: RunSummary;
  let status: RunStatus;
  try {
    const resumeFrom = previous && args.from === undefined && args.only === undefined ? firstNotDone(runbook.steps, (id) => previous.steps[id]) : undefined;
    const request: RunRequest | undefined =
      args.only !== undefined ? { kind: 'step', stepId: args.only }
      : args.from !== undefined ? { kind: 'from', stepId: args.from }
      : previous ? (resumeFrom ? { kind: 'from', stepId: resumeFrom } : undefined)
      : { kind: 'all' };
    summary = request ? await run.run(request) : { status: 'passed', steps: [], durationMs: 0 };
    // The session's status, not this run's: a step that failed earlier and passed now counts as
    // passed. Signals are absorbed until the session has recorded the end.
    ({ status } = await run.finish());
  } finally {
    signals.dispose();
  }

  if (args.json) {
    io.stdout.write(`${JSON.stringify({ session: session.id, status, steps: jsonSteps(summary) }, null, 2)}\n`);
  } else {
    const hint = status === 'blocked' && !ask && !args.yes ? 'No terminal to ask for confirmation: pass --yes to run confirm steps.' : undefined;
    printer!.summary({ ...summary, status }, { id: session.id, dir: session.dir }, hint);
  }
  return status === 'cancelled' ? (signals.exitCode() ?? RUN_EXIT.cancelled) : RUN_EXIT[status];
}

/** RUNBOOK_VAR_<NAME> in the environment: a way to pass secrets without putting them on the command line. */
function fromEnvironment(runbook: Runbook, env: CliIo['env']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of runbook.variables) {
    const value = env[`RUNBOOK_VAR_${v.name}`];
    if (value !== undefined) values[v.name] = value;
  }
  return values;
}

function checkStepId(runbook: Runbook, id: string): void {
  if (runbook.steps.some((s) => s.id === id)) return;
  const ids = runbook.steps.map((s) => s.id);
  throw new UsageError(`no step with id '${id}' in this runbook (steps: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''})`);
}

async function openSession(
  args: RunArgs,
  io: CliIo,
  runbookPath: string,
  text: string,
  values: Readonly<Record<string, string>>,
  secretNames: readonly string[],
): Promise<Session> {
  const sessionsDir = resolve(io.cwd, args.sessions ?? join('.runbook', 'sessions'));
  if (args.resume === undefined) {
    return openNewSession({ sessionsDir, runbookPath, runbookText: text, variables: values, secretNames, tool: { name: 'runbook-cli', version: VERSION } });
  }
  const asPath = resolve(io.cwd, args.resume);
  const dir = existsSync(asPath) ? asPath : join(sessionsDir, args.resume);
  if (!existsSync(dir)) throw new UsageError(`--resume ${args.resume}: no such session (looked in ${sessionsDir})`);
  const state = await readSessionState(dir);
  if (resolve(state.runbookPath) !== runbookPath) {
    throw new UsageError(`--resume ${args.resume}: that session ran ${state.runbookPath}, not ${runbookPath}`);
  }
  return resumeSession(dir, text, { variables: values, secretNames });
}
