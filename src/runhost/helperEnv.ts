// The environment of Runbook's own helper processes (the run host, the language server): Node
// processes that make no TLS connection. Node reads NODE_EXTRA_CA_CERTS at start-up, before any of
// our code runs; with a system CA bundle there (common where a proxy re-signs TLS, and on these
// machines) that is ~35 ms and ~2 MiB per process (docs/performance.md, run host section). Steps
// are not affected: their environment is the run's (HostConfig.env), passed on as it was.
const NOT_NEEDED = ['NODE_EXTRA_CA_CERTS'] as const;

/** `env` without what a helper process does not use. */
export function helperProcessEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out = { ...env };
  for (const name of NOT_NEEDED) delete out[name];
  return out;
}

/** The same as overrides for a launcher that merges them into its own environment (undefined: left out). */
export function helperEnvOverrides(): Record<string, undefined> {
  return Object.fromEntries(NOT_NEEDED.map((name) => [name, undefined]));
}
