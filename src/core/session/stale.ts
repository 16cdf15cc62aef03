// `stale` is a display overlay: a step whose code differs from the code it last ran with.
import type { Runbook } from '../format/model';
import type { SessionState } from './api';
import { sha256 } from './chain';

export function staleSteps(state: SessionState, runbook: Runbook): readonly string[] {
  return runbook.steps
    .filter((s) => s.kind === 'code' && state.steps[s.id]?.codeSha256 !== undefined && state.steps[s.id]!.codeSha256 !== sha256(s.code))
    .map((s) => s.id);
}
