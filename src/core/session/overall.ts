// The overall status of a session ended by hand (the notebook's Finish Session): computed from
// each step's latest state, so a step that failed and then passed on a re-run counts as passed.
import type { RunStatus, StepStatus } from '../executor/types';

export interface FinishSummary {
  readonly status: RunStatus;
  /** Manual checks not ticked: they do not fail the session but are reported as not done. */
  readonly checksNotDone: number;
  /** Code steps that never ran (or were skipped). */
  readonly stepsNotRun: number;
}

export function overallStatus(steps: readonly { readonly kind: 'code' | 'check'; readonly status: StepStatus | undefined }[]): FinishSummary {
  let failed = false;
  let blocked = false;
  let cancelled = false;
  let checksNotDone = 0;
  let stepsNotRun = 0;
  for (const { kind, status = 'pending' } of steps) {
    if (kind === 'check') {
      if (status === 'failed') failed = true;
      else if (status !== 'passed' && status !== 'skipped') checksNotDone += 1;
      continue;
    }
    if (status === 'failed' || status === 'timed-out') failed = true;
    else if (status === 'blocked') blocked = true;
    else if (status === 'cancelled' || status === 'interrupted') cancelled = true;
    else if (status !== 'passed') stepsNotRun += 1;
  }
  const status: RunStatus = failed ? 'failed' : blocked ? 'blocked' : cancelled ? 'cancelled' : 'passed';
  return { status, checksNotDone, stepsNotRun };
}
