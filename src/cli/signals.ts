// The signals that end an in-process `runbook run` (--no-host, interactive steps). SIGINT
// (Ctrl-C), SIGTERM and SIGHUP all cancel the run cleanly: the running step's processes are
// ended, the session records the end as cancelled, scratch files are removed, and the exit status
// says which signal it was (130, 143, 129). With a run host (the default), src/cli/follow.ts
// handles them instead: Ctrl-C cancels, SIGHUP and SIGTERM only detach the client.
import { signalExit } from './exitStatus';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopSignals {
  /** The first stop signal received, if any. */
  readonly received: StopSignal | undefined;
  /** 128 + the signal's number: the exit status a shell reports for it. */
  exitCode(): number | undefined;
  dispose(): void;
}

/** Calls `onStop` on the first SIGINT/SIGTERM/SIGHUP (later ones are absorbed while it cleans up). */
export function onStopSignals(onStop: (signal: StopSignal) => void): StopSignals {
  let received: StopSignal | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (received !== undefined) return;
      received = signal;
      onStop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get received() {
      return received;
    },
    exitCode: () => (received ? signalExit(received) : undefined),
    dispose: () => handlers.forEach(([signal, handler]) => process.off(signal, handler)),
  };
}
