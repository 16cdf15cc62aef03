// The one rule for how a run or a session ended, used by the CLI (exit code and session-end), the
// extension's Finish Session and the recorded run: computed from each step's latest state, so a
// step that failed and then passed on a re-run counts as passed.
import type { Step } from '../format/model';
import { isDone, STATUS, type RunStatus, type StepStatus } from './status';

export interface FinishSummary {
  readonly status: RunStatus;
  /** Manual checks not ticked: they do not fail the session but are reported as not done. */
  readonly checksNotDone: number;
  /** Code steps that never ran (or were skipped). */
  readonly stepsNotRun: number;
}

export interface StepLatest {
  readonly kind: 'code' | 'check';
  readonly status: StepStatus | undefined;
  /** A ticked manual check counts as passed whatever its status says. */
  readonly checked?: boolean;
  /** A failure of a continue-on-error step does not fail the run (it is still shown and exported). */
  readonly continueOnError?: boolean;
}

/**
 * failed > blocked > cancelled > passed. A check fails the run only when decided `failed`; one
 * not ticked is "not done". A step never reached (pending, not-run) does not change the status.
 */
export function finalStatus(steps: readonly StepLatest[]): FinishSummary {
  let failed = false;
  let blocked = false;
  let cancelled = false;
  let checksNotDone = 0;
  let stepsNotRun = 0;
  for (const step of steps) {
    const status = step.kind === 'check' && step.checked ? 'passed' : (step.status ?? 'pending');
    const { result } = STATUS[status];
    if (step.kind === 'check') {
      if (result === 'failed') failed = true;
      else if (result === 'cancelled') cancelled = true;
      else if (!isDone({ status })) checksNotDone += 1;
      continue;
    }
    if (step.continueOnError && (result === 'failed' || result === 'blocked')) continue;
    if (result === 'failed') failed = true;
    else if (result === 'blocked') blocked = true;
    else if (result === 'cancelled') cancelled = true;
    else if (result !== 'passed') stepsNotRun += 1;
  }
  const status: RunStatus = failed ? 'failed' : blocked ? 'blocked' : cancelled ? 'cancelled' : 'passed';
  return { status, checksNotDone, stepsNotRun };
}

/** finalStatus over a runbook's steps and the latest state recorded for each (by step id). */
export function finalStatusOf(steps: readonly Step[], latest: (id: string) => { readonly status?: StepStatus; readonly checked?: boolean } | undefined): FinishSummary {
  return finalStatus(steps.map((step) => {
    const s = latest(step.id);
    return { kind: step.kind, status: s?.status, ...(s?.checked !== undefined ? { checked: s.checked } : {}), ...(step.kind === 'code' && step.continueOnError ? { continueOnError: true } : {}) };
  }));
}
