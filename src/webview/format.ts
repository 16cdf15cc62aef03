// Small formatting helpers for what cards and the toolbar show. Statuses, their words and icons,
// and durations are defined once in src/core/run (imported file by file: the webview bundle
// takes no Node module).
import type { CodeStep } from '../core/format/model';
import { STALE_DISPLAY, STATUS, type StepStatus } from '../core/run/status';
import { formatDuration } from '../core/run/units';

export { formatBytes, formatDuration } from '../core/run/units';
export { isFailure, isFinished } from '../core/run/status';

/** Codicon and words for a status or the stale overlay (the icon is decorative; the words are read aloud). */
export function statusLook(status: StepStatus | 'stale'): { readonly icon: string; readonly label: string } {
  if (status === 'stale') return { icon: STALE_DISPLAY.codicon, label: STALE_DISPLAY.label };
  return { icon: STATUS[status].codicon, label: STATUS[status].label };
}

/** Badges for a step's attributes: [text, tooltip]. */
export function attributeBadges(step: CodeStep): Array<[string, string]> {
  const badges: Array<[string, string]> = [];
  if (step.timeoutMs !== undefined) badges.push([`timeout ${formatDuration(step.timeoutMs)}`, 'The step is stopped after this time']);
  if (step.confirm !== undefined) badges.push(['confirm', `Asks before running: ${step.confirm}`]);
  if (step.expect !== undefined) badges.push([`expect /${step.expect}/`, 'The output must match this regular expression']);
  if (step.expectExit.length !== 1 || step.expectExit[0] !== 0) badges.push([`exit ${step.expectExit.join(',')}`, 'Exit codes that count as success']);
  if (step.when !== undefined) badges.push([`when ${step.when}`, `Runs only on ${step.when}; skipped elsewhere`]);
  if (step.interactive) badges.push(['interactive', 'Runs in an integrated terminal']);
  if (step.continueOnError) badges.push(['continue-on-error', 'A failure does not stop Run all']);
  if (step.cwd !== undefined) badges.push([`cwd ${step.cwd}`, 'Working directory']);
  if (step.excludeFromRunAll) badges.push(['not in Run all', 'excludeFromRunAll: Run all and Run from here pass over this step; run it with its own Run button']);
  return badges;
}
