// The exit status of a run, the same for `runbook run` (in-process or through a run host) and
// `runbook attach`: from the session's final status (core/run/finalStatus.ts), or from the signal
// that stopped or detached the client (128 + its number, as shells report it).
import { constants } from 'node:os';
import type { RunStatus } from '../core/run/status';

export const RUN_EXIT: Readonly<Record<RunStatus, number>> = { passed: 0, failed: 1, blocked: 3, cancelled: 130 };

export function signalExit(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
