// Small timing helpers shared by the benchmarks. The machine may be busy (CI, parallel jobs), so
// a run is timed in process CPU time, the heap is collected before each run so one run's garbage
// is not billed to the next, and `a` and `b` alternate so both see the same conditions.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU milliseconds (user + system) spent by this process while `fn` runs. */
export function cpuTime(fn: () => unknown): number {
  gc();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface Paired {
  readonly a: number[];
  readonly b: number[];
  /** a/b per round: the median of these is the figure to report. */
  readonly ratios: number[];
}

/** Runs `a` and `b` alternately `runs` times after `warmup` rounds. */
export function timeRuns(runs: number, a: () => unknown, b: () => unknown, warmup = 5): Paired {
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const first = i % 2 === 0;
    const x = first ? cpuTime(a) : 0;
    const y = cpuTime(b);
    const xa = first ? x : cpuTime(a);
    if (i < warmup) continue;
    ta.push(xa);
    tb.push(y);
    ratios.push(xa / y);
  }
  return { a: ta, b: tb, ratios };
}

/** A section's Markdown: what was measured and how, the `| Measure | Runbook | Baseline | Ratio | Goal |` table, its notes. */
export function measuredTable(how: string, rows: readonly string[], notes?: string): string {
  return [how, '', '| Measure | Runbook | Baseline | Ratio | Goal |', '|---|---:|---:|---:|---|', ...rows, ...(notes ? ['', notes] : [])].join('\n');
}
