// Small formatting helpers for what cards and the toolbar show.
import type { CodeStep } from '../core/format/model';
import type { StepStatus } from '../core/executor/types';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  if (minutes < 60) return `${minutes} min ${rest} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Codicon and words for each status (the icon is decorative; the words are read aloud). */
export const statusDisplay: Readonly<Record<StepStatus | 'stale', { readonly icon: string; readonly label: string }>> = {
  pending: { icon: 'circle-large-outline', label: 'pending' },
  running: { icon: 'loading', label: 'running' },
  passed: { icon: 'pass-filled', label: 'passed' },
  failed: { icon: 'error', label: 'failed' },
  'timed-out': { icon: 'watch', label: 'timed out' },
  cancelled: { icon: 'circle-slash', label: 'cancelled' },
  skipped: { icon: 'debug-step-over', label: 'skipped' },
  blocked: { icon: 'lock', label: 'blocked' },
  'not-run': { icon: 'circle-large-outline', label: 'not run' },
  interrupted: { icon: 'debug-disconnect', label: 'interrupted' },
  stale: { icon: 'history', label: 'stale' },
};

/** Statuses after which a step has a result (Re-run instead of Run). */
export function isFinished(status: StepStatus | undefined): boolean {
  return status !== undefined && status !== 'pending' && status !== 'running' && status !== 'not-run';
}

export function isFailure(status: StepStatus | undefined): boolean {
  return status === 'failed' || status === 'timed-out' || status === 'blocked' || status === 'interrupted';
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
