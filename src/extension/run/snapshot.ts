// A plain copy of a runbook's run state for the extension's API (the integration tests read it).
import type { RunStateSnapshot, StepSnapshot } from '../api';
import type { RunController } from './runController';

export function runStateSnapshot(c: RunController): RunStateSnapshot {
  const steps: Record<string, StepSnapshot> = {};
  for (const [id, r] of c.records) {
    steps[id] = {
      status: r.status,
      outputTail: r.outputTail,
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.notice ? { notice: r.notice } : {}),
      ...(r.note !== undefined ? { note: r.note } : {}),
      ...(r.checked !== undefined ? { checked: r.checked } : {}),
    };
  }
  return { running: c.running, ...(c.runningStepId ? { runningStepId: c.runningStepId } : {}), ...(c.session.dir ? { sessionDir: c.session.dir } : {}), readOnly: c.session.readOnly, steps };
}
