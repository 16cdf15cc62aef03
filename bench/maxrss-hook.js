// Preloaded (NODE_OPTIONS=--require) into the `runbook run` client and its run host by
// bench/cli.bench.ts: each appends its own peak RSS as it exits. GNU time cannot tell them apart:
// the client reaps the run host when it exits first, so `time` reports the larger of the two.
const file = process.env.RUNBOOK_BENCH_RSS_FILE;
if (file) {
  const role = process.argv.includes('--runbook-run-host') ? 'host' : 'client';
  process.on('exit', () => require('node:fs').appendFileSync(file, `${role} ${process.resourceUsage().maxRSS}\n`));
}
