// The steps of `runbook run --json`: status and exit code per step, and for a step that ran, its
// output file, size, and how much of it a live view skipped (output faster than it is fed).
import type { RunSummary } from '../core/executor';

export function jsonSteps(summary: RunSummary) {
  return summary.steps.map((s) => ({
    id: s.id, status: s.status, exitCode: s.exitCode, durationMs: s.durationMs, reason: s.reason ?? null,
    ...(s.output ? { output: { file: s.output.path ?? null, bytes: s.output.bytes, notShownBytes: s.output.skippedBytes ?? 0 } } : {}),
  }));
}
