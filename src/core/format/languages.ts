// Which fence languages are executable steps, and how each runs (docs/format.md has the table).
import type { RunnerKind } from './model';

/** Lower-cased info-string language → runner. `shell` is resolved against the front-matter shell. */
export const LANGUAGE_RUNNERS: Readonly<Record<string, RunnerKind | 'shell'>> = {
  bash: 'bash',
  sh: 'sh',
  zsh: 'zsh',
  shell: 'shell',
  pwsh: 'pwsh',
  powershell: 'pwsh',
  ps1: 'pwsh',
  cmd: 'cmd',
  bat: 'cmd',
  batch: 'cmd',
  python: 'python',
  py: 'python',
  python3: 'python',
  node: 'node',
  js: 'node',
  javascript: 'node',
};

/** Shells a `shell=` attribute or the front-matter `shell` may name. */
export const SHELLS: readonly string[] = ['bash', 'sh', 'zsh'];

export function isExecutableLanguage(lang: string): boolean {
  return Object.hasOwn(LANGUAGE_RUNNERS, lang.toLowerCase());
}

/** The runner for a step: explicit `shell=` wins for shell languages, then the runbook default. */
export function resolveRunner(lang: string, stepShell: string | undefined, defaultShell: string | undefined): RunnerKind {
  const kind = LANGUAGE_RUNNERS[lang.toLowerCase()] ?? 'bash';
  const isShell = kind === 'shell' || kind === 'bash' || kind === 'sh' || kind === 'zsh';
  if (isShell && stepShell && SHELLS.includes(stepShell)) return stepShell as RunnerKind;
  if (kind === 'shell') return defaultShell && SHELLS.includes(defaultShell) ? (defaultShell as RunnerKind) : 'bash';
  return kind;
}

/** `30s`, `5m`, `1h`, `1h30m`, `250ms` → milliseconds; undefined when malformed or zero. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return total > 0 ? Math.round(total) : undefined;
}
