// The status an editor shows for a step: the recorded status with the `stale` overlay. Words and
// icons come from src/core/run/status.ts; only the choice of gutter image is made here.
import type { CodeStep } from '../../core/format/model';
import { isStale } from '../../core/run/codeHash';
import { STALE_DISPLAY, STATUS, type StepStatus } from '../../core/run/status';
import type { RunController } from '../run/runController';

export type GutterStatus = 'pending' | 'running' | 'passed' | 'failed' | 'timed-out' | 'skipped' | 'blocked' | 'cancelled' | 'stale';

/** The gutter has one image per GutterStatus (media/status/); never-reached and interrupted share one. */
const GUTTER_OF: Readonly<Record<StepStatus, GutterStatus>> = {
  pending: 'pending', 'not-run': 'pending', running: 'running', passed: 'passed', failed: 'failed', interrupted: 'failed',
  'timed-out': 'timed-out', skipped: 'skipped', blocked: 'blocked', cancelled: 'cancelled',
};

/** Every gutter image (media/status/<status>-light|dark.svg): each a status maps to, and stale. */
export const GUTTER_STATUSES: readonly GutterStatus[] = [...new Set<GutterStatus>([...Object.values(GUTTER_OF), 'stale'])];

export interface EditorStatus {
  readonly gutter: GutterStatus;
  /** Words for the hover and the CodeLens. */
  readonly label: string;
  /** `$(codicon)` for the CodeLens. */
  readonly icon: string;
}

export function editorStatus(controller: RunController | undefined, step: CodeStep): EditorStatus {
  const record = controller?.records.get(step.id);
  if (record && isStale(record, step.code)) return { gutter: 'stale', label: STALE_DISPLAY.long, icon: `$(${STALE_DISPLAY.codicon})` };
  const status = record?.status ?? 'pending';
  const { label, codicon } = STATUS[status];
  return { gutter: GUTTER_OF[status], label, icon: `$(${codicon}${status === 'running' ? '~spin' : ''})` };
}
