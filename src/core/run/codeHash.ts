// The one code hash and the stale rule: a step is stale when the code it last ran with differs
// from the code in the runbook now. Sessions record `codeHash(step.code)` at each step start.
import type { Runbook } from '../format/model';
import { sha256 } from '../session/chain';
import type { StepStatus } from './status';

export const codeHash = (code: string): string => sha256(code);

/** What the stale rule needs to know of a step's last run. */
export interface RanWith {
  readonly status?: StepStatus;
  /** `codeHash` of the code when the step last started. */
  readonly codeSha256?: string;
}

/** Last started with exactly this code. */
export function ranWith(ran: RanWith | undefined, code: string): boolean {
  return ran?.codeSha256 !== undefined && ran.codeSha256 === codeHash(code);
}

/** Ran (and is not running now) with code other than `code`. */
export function isStale(ran: RanWith | undefined, code: string): boolean {
  return ran?.codeSha256 !== undefined && ran.status !== 'running' && ran.codeSha256 !== codeHash(code);
}

/** Ids of the runbook's code steps that are stale against these states. */
export function staleSteps(states: Readonly<Record<string, RanWith | undefined>>, runbook: Runbook): string[] {
  return runbook.steps.filter((s) => s.kind === 'code' && isStale(states[s.id], s.code)).map((s) => s.id);
}
