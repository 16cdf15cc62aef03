// Step statuses, defined once: what each one means for the run, how it reads and how it looks.
// The executor, the session, the evidence, the CLI, the extension and the webview all import this.

/**
 * A step's status. `stale` is not here: it is an overlay for a step whose code changed after it
 * ran (see `isStale` in ./codeHash).
 */
export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'timed-out' | 'cancelled' | 'skipped' | 'blocked' | 'not-run' | 'interrupted';

/** How a run or a session ended. */
export type RunStatus = 'passed' | 'failed' | 'blocked' | 'cancelled';

export const STEP_STATUSES: readonly StepStatus[] = ['pending', 'running', 'passed', 'failed', 'timed-out', 'cancelled', 'skipped', 'blocked', 'not-run', 'interrupted'];

/**
 * What a step in this status contributes to the run's status: `none` has no result yet (pending,
 * running, never reached), `skipped` counts as done without running.
 */
export type StatusResult = 'none' | 'passed' | 'skipped' | 'failed' | 'blocked' | 'cancelled';

/** The look of a status: how a terminal colours it (the CLI maps tones to colours). */
export type StatusTone = 'muted' | 'active' | 'good' | 'bad' | 'warn';

export interface StatusInfo {
  readonly result: StatusResult;
  /** Shown as a failure (red, counted in "failed" progress): the step did not do what it should. */
  readonly alarm: boolean;
  /** Words read aloud and printed. */
  readonly label: string;
  /** A text glyph for exports and the terminal. */
  readonly glyph: string;
  /** A codicon name for the webview and the editor. */
  readonly codicon: string;
  readonly tone: StatusTone;
}

export const STATUS: Readonly<Record<StepStatus, StatusInfo>> = {
  pending: { result: 'none', alarm: false, label: 'pending', glyph: '○', codicon: 'circle-large-outline', tone: 'muted' },
  running: { result: 'none', alarm: false, label: 'running', glyph: '…', codicon: 'loading', tone: 'active' },
  passed: { result: 'passed', alarm: false, label: 'passed', glyph: '✓', codicon: 'pass-filled', tone: 'good' },
  failed: { result: 'failed', alarm: true, label: 'failed', glyph: '✗', codicon: 'error', tone: 'bad' },
  'timed-out': { result: 'failed', alarm: true, label: 'timed out', glyph: '⏱', codicon: 'watch', tone: 'bad' },
  cancelled: { result: 'cancelled', alarm: false, label: 'cancelled', glyph: '⊘', codicon: 'circle-slash', tone: 'warn' },
  skipped: { result: 'skipped', alarm: false, label: 'skipped', glyph: '↷', codicon: 'debug-step-over', tone: 'muted' },
  blocked: { result: 'blocked', alarm: true, label: 'blocked', glyph: '⊘', codicon: 'lock', tone: 'warn' },
  'not-run': { result: 'none', alarm: false, label: 'not run', glyph: '·', codicon: 'circle-large-outline', tone: 'muted' },
  interrupted: { result: 'cancelled', alarm: true, label: 'interrupted', glyph: '⚠', codicon: 'debug-disconnect', tone: 'bad' },
};

/** The `stale` overlay's look (not a status: see ./codeHash). */
export const STALE_DISPLAY = { label: 'stale', long: 'stale (the code changed after it ran)', codicon: 'history' } as const;

/** The step has a result (Re-run instead of Run; counted as done in progress). */
export function isFinished(status: StepStatus | undefined): boolean {
  return status !== undefined && STATUS[status].result !== 'none';
}

/** Shown as a failure. */
export function isFailure(status: StepStatus | undefined): boolean {
  return status !== undefined && STATUS[status].alarm;
}

/** A step ending in this status stops a run-all (unless it has continue-on-error). */
export function stopsRun(status: StepStatus): boolean {
  const { result } = STATUS[status];
  return result === 'failed' || result === 'blocked';
}

/** How a session status reads to a person: a session still being written is "in progress". */
export function statusLabel(status: StepStatus | RunStatus | 'running' | 'interrupted'): string {
  return status === 'running' ? 'in progress' : STATUS[status].label;
}
