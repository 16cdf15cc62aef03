// V8 tuning of the long-lived processes of a run: the run host, and `runbook run` and `attach`,
// which follow it. Their live data is small (the run's records, ~2 KiB a step), but V8 sizes a
// heap for throughput by default:
// - It doubles the young generation each time as much data has survived scavenges as it holds,
//   which in a process that lives long enough means up to its maximum: 1 → 8 MiB semi-spaces.
//   Held at its initial size, what survives moves to the old generation, as it would anyway.
// - It lets the old generation grow up to 4× its live size between full collections when the
//   heap limit is high (here it grows with the machine's memory); 1.6× is what it allows a heap
//   limited to 1 GiB.
// Together, a 3,000-step run's host peaks at ~70 instead of ~77 MiB, a 1,000-step one at ~64
// instead of ~77 (docs/performance.md).
//
// Set at run time (loadBundle's v8Flags), not on the command line: any V8 command-line flag makes
// V8 reject Node's code cache of its built-in modules, which then compile at every start (~10–30
// ms of a run host's start here). V8 reads both flags at each decision (SemiSpaceNewSpace::Grow,
// MemoryController::GrowingFactor), so set after start-up they apply from then on. On the
// command line the first would do nothing: V8 raises it to 2 when it sets the heap up.
// test/unit/cli-code-cache.test.ts checks that the young generation stays as `--max-semi-space-size=1` keeps it.

/** V8 flags for a process that lives as long as a run (see above). */
export const RUN_PROCESS_V8_FLAGS = '--semi-space-growth-factor=1 --heap-growing-percent=60';
