// The status an editor shows for a step: the recorded status with the `stale` overlay.
import type { StepStatus } from '../../core/executor/types';
import type { CodeStep } from '../../core/format/model';
import type { RunController } from '../run/runController';
import { isStale } from '../run/stepRecords';

export type GutterStatus = 'pending' | 'running' | 'passed' | 'failed' | 'timed-out' | 'skipped' | 'blocked' | 'cancelled' | 'stale';

const GUTTER_OF: Readonly<Record<StepStatus, GutterStatus>> = {
  pending: 'pending', 'not-run': 'pending', running: 'running', passed: 'passed', failed: 'failed', interrupted: 'failed',
  'timed-out': 'timed-out', skipped: 'skipped', blocked: 'blocked', cancelled: 'cancelled',
};

export function gutterStatus(controller: RunController | undefined, step: CodeStep): GutterStatus {
  const record = controller?.records.get(step.id);
  if (!record) return 'pending';
  if (isStale(record, step.code)) return 'stale';
  return GUTTER_OF[record.status];
}

export const STATUS_WORDS: Readonly<Record<GutterStatus, string>> = {
  pending: 'not run yet', running: 'running', passed: 'passed', failed: 'failed', 'timed-out': 'timed out', skipped: 'skipped',
  blocked: 'blocked', cancelled: 'cancelled', stale: 'stale (the code changed after it ran)',
};

export const STATUS_ICONS: Readonly<Record<GutterStatus, string>> = {
  pending: '$(circle-large-outline)', running: '$(loading~spin)', passed: '$(pass-filled)', failed: '$(error)', 'timed-out': '$(watch)',
  skipped: '$(debug-step-over)', blocked: '$(lock)', cancelled: '$(circle-slash)', stale: '$(history)',
};

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
