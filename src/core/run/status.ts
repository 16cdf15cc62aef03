// Step statuses, defined once: what each one means for the run, how it reads and how it looks.
// The executor, the session, the evidence, the CLI, the extension and the webview all import this.

/**
 * A step's status. `stale` is not here: it is an overlay for a step whose code changed after it
 * ran (see `isStale` in ./codeHash).
 */
export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'timed-out' | 'cancelled' | 'skipped' | 'blocked' | 'not-run' | 'interrupted';

/** How a run or a session ended. */
export type RunStatus = 'passed' | 'failed' | 'blocked' | 'cancelled';

/** A session as listed: ended with a RunStatus, still being written, or left unfinished by a writer that stopped. */
export type SessionStatus = RunStatus | 'running' | 'interrupted';

/** A person's answer to a manual check (each is also the check's step status). */
export const CHECK_DECISIONS = ['passed', 'skipped', 'failed'] as const;
export type CheckDecision = (typeof CHECK_DECISIONS)[number];

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

/**
 * Done and not to be redone by a resumed run: passed or skipped, or a ticked manual check. (A
 * failed step is finished, see isFinished, but not done: `--resume` starts again from it.)
 */
export function isDone(state: { readonly status?: StepStatus; readonly checked?: boolean } | undefined): boolean {
  if (!state) return false;
  if (state.checked === true) return true;
  const result = state.status === undefined ? 'none' : STATUS[state.status].result;
  return result === 'passed' || result === 'skipped';
}

/** The first step a resumed session has not done (isDone), in runbook order; undefined when all are. */
export function firstNotDone(steps: readonly { readonly id: string }[], latest: (id: string) => { readonly status?: StepStatus; readonly checked?: boolean } | undefined): string | undefined {
  return steps.find((s) => !isDone(latest(s.id)))?.id;
}

/** The step has ended (pending and running have not; a step the run passed over, not-run, has). */
export function hasEnded(status: StepStatus): boolean {
  return status !== 'pending' && status !== 'running';
}

/** Runbook ended the step's process tree (cancel, timeout), not the step itself. */
export function endedByRunbook(status: StepStatus): boolean {
  return status === 'cancelled' || status === 'timed-out';
}

/** A step that ended in this status never started a process, so it has no duration to show. */
export function endedWithoutStarting(status: StepStatus): boolean {
  return status === 'not-run' || status === 'skipped' || status === 'blocked';
}

/** A session still being written, or one whose writer stopped before its end: it can be resumed. */
export function isSessionUnfinished(status: SessionStatus): boolean {
  return status === 'running' || status === 'interrupted';
}

/** Is this step status also a manual check's decision (a check's step-end carries one)? */
export function isCheckDecision(status: string): status is CheckDecision {
  return (CHECK_DECISIONS as readonly string[]).includes(status);
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
export function statusLabel(status: StepStatus | SessionStatus): string {
  return status === 'running' ? 'in progress' : STATUS[status].label;
}
