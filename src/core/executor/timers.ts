// Timers longer than Node's limit. setTimeout fires at once (with a warning) for delays above
// 2^31-1 ms (~24.8 days); a step timeout of 600h must not. Long delays are chained.

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fn` after `ms` milliseconds, however long; returns a function that cancels it. */
export function setLongTimeout(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  const due = Date.now() + ms;
  const arm = (left: number) => {
    timer = setTimeout(() => {
      const rest = due - Date.now();
      if (rest > 0) arm(rest);
      else fn();
    }, Math.min(Math.max(left, 0), MAX_TIMER_MS));
  };
  arm(ms);
  return () => clearTimeout(timer);
}

/**
 * A monotonic clock in milliseconds. Not `performance.now()`: its first use loads Node's
 * perf_hooks (seven modules), which the run host would compile in its first step.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
