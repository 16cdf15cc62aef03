// Following a run host from a terminal (`runbook run`, `runbook attach`): print the snapshot, then
// every event as it comes; put confirm gates and manual checks to the person on a TTY; Ctrl-C
// cancels (run) or detaches (attach); SIGHUP/SIGTERM detach: the run goes on, recorded to its end.
import type { CheckDecision, RunSummary, StepOutcome } from '../core/executor';
import type { Runbook, Step } from '../core/format/model';
import type { HostConnection } from '../runhost/client';
import * as P from '../runhost/protocol';
import { deadHostSentence, inspectRunHost } from '../runhost/recover';
import type { CliIo } from './io';
import type { Ask } from './prompt';
import { RunPrinter } from './runPrinter';
import { errorMessage } from '../core/text/errorMessage';

export type FollowResult =
  | { readonly kind: 'ended'; readonly summary: RunSummary; readonly error?: string }
  | { readonly kind: 'idle'; readonly snapshot: P.Snapshot }
  | { readonly kind: 'detached'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'lost'; readonly message: string };

export interface FollowOptions {
  readonly client: 'runbook run' | 'runbook attach';
  readonly runbook: Runbook;
  readonly printer?: RunPrinter;
  readonly ask?: Ask;
  /** Ctrl-C cancels the run (runbook run) or only detaches (runbook attach). */
  readonly interruptCancels: boolean;
}

const EMPTY = { bytes: 0, sha256: '', tail: '', truncated: false } as const;

export async function followRunHost(io: CliIo, host: HostConnection, options: FollowOptions): Promise<FollowResult> {
  const { printer, runbook } = options;
  // By id: every notification names its step (a find per notification is quadratic in a long runbook).
  const steps = new Map(runbook.steps.map((s) => [s.id, s]));
  const stepOf = (id: string): Step | undefined => steps.get(id);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let ready = false;
  const early: (() => void)[] = [];
  const when = (f: () => void) => (ready ? f() : early.push(f));
  let asking: number | undefined;
  let cleanup = () => undefined as void;
  let settled = false;
  let lostTimer: NodeJS.Timeout | undefined;

  const onPrompt = (prompt: P.WaitingPrompt, sessionId: string) => {
    if (!options.ask) {
      err(`⏸ waiting for you: step ${prompt.stepId}: ${prompt.message}\n  Answer from a terminal: runbook attach ${sessionId}`);
      return;
    }
    if (asking === prompt.id) return;
    asking = prompt.id;
    void askPerson(options.ask, prompt).then(
      (answer) => host.rpc.sendRequest(P.AnswerRequest, { promptId: prompt.id, answer }),
      () => undefined,
    ).catch(() => undefined);
  };

  const result = new Promise<FollowResult>((resolve) => {
    let sessionId = '';
    host.rpc.onNotification(P.StepStartedNotification, (p) => when(() => {
      const step = stepOf(p.stepId);
      if (step?.kind === 'code') printer?.onStepStart(step, p.attempt);
    }));
    host.rpc.onNotification(P.OutputNotification, (p) => when(() => printer?.onOutput(p.stepId, p.chunks)));
    host.rpc.onNotification(P.StepEndedNotification, (p) => when(() => {
      const step = stepOf(p.stepId);
      if (step) printer?.onStepEnd(step, { ...p, output: EMPTY } satisfies StepOutcome);
    }));
    host.rpc.onNotification(P.WaitingNotification, (p) => when(() => onPrompt(p, sessionId)));
    host.rpc.onNotification(P.AnsweredNotification, (p) => when(() => {
      if (asking === p.promptId) err(`(answered by ${p.by})`);
    }));
    host.rpc.onNotification(P.ErrorNotification, (p) => when(() => err(`${options.client}: ${p.message}`)));
    host.rpc.onNotification(P.RunEndedNotification, (p) => when(() => resolve({ kind: 'ended', summary: p.summary, ...(p.error ? { error: p.error } : {}) })));

    const detach = (signal: NodeJS.Signals) => () => {
      host.close();
      resolve({ kind: 'detached', signal });
    };
    const onHup = detach('SIGHUP');
    const onTerm = detach('SIGTERM');
    const onInt = options.interruptCancels
      ? () => void host.rpc.sendRequest(P.CancelRequest).catch(() => undefined)
      : detach('SIGINT');
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    cleanup = () => {
      process.off('SIGHUP', onHup);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    };

    // The socket's close can overtake the last messages still queued in the reader (the host
    // ends the connection right after `runEnded`): give them a moment to be handled first. Not
    // once the outcome is known: that timer would hold the finished command up for its 200 ms.
    void host.closed.then(() => {
      if (!settled) lostTimer = setTimeout(() => resolve({ kind: 'lost', message: 'the run host closed the connection' }), 200);
    });
    host.rpc.sendRequest(P.AttachRequest, { canAnswer: Boolean(options.ask), client: options.client }).then(
      (snapshot) => {
        sessionId = snapshot.sessionId;
        printSnapshot(snapshot, options);
        ready = true;
        for (const f of early.splice(0)) f();
        if (snapshot.waiting) onPrompt(snapshot.waiting, sessionId);
        if (!snapshot.running && !snapshot.waiting) resolve({ kind: 'idle', snapshot });
      },
      (error: unknown) => resolve({ kind: 'lost', message: errorMessage(error) }),
    );
  });
  const outcome = await result;
  settled = true;
  clearTimeout(lostTimer);
  cleanup();
  if (outcome.kind !== 'detached') host.close();
  return outcome;
}

/** Steps already ended (status lines), then the running step with its output so far. */
function printSnapshot(snapshot: P.Snapshot, options: FollowOptions): void {
  const printer = options.printer;
  if (!printer) return;
  for (const view of snapshot.steps) {
    const step = options.runbook.steps.find((s) => s.id === view.id);
    if (!step || view.status === 'pending') continue;
    if (view.status === 'running' && step.kind === 'code') {
      printer.onStepStart(step, view.attempt);
      if (snapshot.current?.stepId === view.id) printer.onOutput(view.id, snapshot.current.output);
      continue;
    }
    const now = new Date().toISOString();
    printer.onStepEnd(step, { stepId: view.id, status: view.status, exitCode: view.exitCode ?? null, durationMs: view.durationMs ?? 0, startedAt: now, endedAt: now, output: EMPTY, ...(view.reason ? { reason: view.reason } : {}) });
  }
}

async function askPerson(ask: Ask, prompt: P.WaitingPrompt): Promise<P.Answer> {
  if (prompt.kind === 'confirm') {
    const answer = await ask(`\n? ${prompt.stepId}: ${prompt.message} Run this step? [y/N] `);
    return { kind: 'confirm', yes: /^y(es)?$/i.test(answer.trim()) };
  }
  for (;;) {
    const answer = (await ask(`\n? Manual check: ${prompt.message}\n  Done? [y]es / [s]kip / [f]ailed: `)).trim().toLowerCase();
    const decision: CheckDecision | undefined =
      answer === 'y' || answer === 'yes' ? 'passed'
      : answer === 's' || answer === 'skip' || answer === '' ? 'skipped'
      : ['f', 'failed', 'n', 'no'].includes(answer) ? 'failed'
      : undefined;
    if (decision) return { kind: 'check', decision };
  }
}

/** After a lost connection: was the host killed? Then record that now and say so. */
export async function explainLostHost(io: CliIo, dir: string): Promise<void> {
  const status = await inspectRunHost(dir).catch(() => undefined);
  if (status?.kind === 'dead') {
    io.stderr.write(`${capitalize(deadHostSentence(status))}.\n`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
