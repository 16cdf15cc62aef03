// V8 tuning of the long-lived processes of a run (the run host; `runbook run` and `attach`, which
// follow it). Left alone, V8 doubles the young generation each time as much data has survived
// scavenges as it holds, which in any process that lives long enough means up to its maximum:
// 1 → 8 MiB semi-spaces, +14 MiB of RSS, in a 1,000-step run (docs/performance.md). The young
// generation of a run's process needs no more than its initial size: what survives is the run's
// records and buffers, which move to the old generation anyway.
//
// Set at run time, not as `--max-semi-space-size` on the command line: any V8 command-line flag
// makes V8 reject Node's code cache of its built-in modules, which then compile at every start
// (~10–30 ms of the run host's start here). V8 reads this flag at each growth decision
// (SemiSpaceNewSpace::Grow), so setting it after start-up holds the young generation from then on,
// at the bound `--max-semi-space-size=1` gives (test/unit/cli-code-cache.test.ts checks both). On
// the command line it would do nothing: V8 raises it to 2 when it sets the heap up.

/** For `loadBundle(…, { v8Flags })`: the young generation keeps the size it has. */
export const HOLD_YOUNG_GENERATION = '--semi-space-growth-factor=1';
