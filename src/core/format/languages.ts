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

/** The shells Runbook documents for `shell=` and the front matter (completion offers these). */
export const SHELLS: readonly string[] = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'fish'];

/**
 * POSIX shells: they run the step inside the state wrapper, so exported variables and `cd`
 * carry over to the next shell step. Any other shell (fish, csh, nu, …) runs the script file
 * as given, with the current environment and directory, and carries nothing back.
 */
export const STATE_SHELLS: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'oksh', 'ash', 'yash', 'posh']);

/** A shell name or path as `shell=`/`shell:` may give it: one word, no spaces or quotes. */
export function isShellName(name: string): boolean {
  return /^[\w./+@~-]+$/.test(name);
}

/** The program name of a shell given as a name or a path (`/bin/ksh` → `ksh`). */
export function shellProgram(shell: string): string {
  return shell.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');
}

export function isExecutableLanguage(lang: string): boolean {
  return Object.hasOwn(LANGUAGE_RUNNERS, lang.toLowerCase());
}

/** The runner for a step: explicit `shell=` wins for shell languages, then the runbook default. */
export function resolveRunner(lang: string, stepShell: string | undefined, defaultShell: string | undefined): RunnerKind {
  const kind = LANGUAGE_RUNNERS[lang.toLowerCase()] ?? 'bash';
  const isShell = kind === 'shell' || kind === 'bash' || kind === 'sh' || kind === 'zsh';
  if (isShell && stepShell) return shellRunner(stepShell);
  if (kind === 'shell') return defaultShell ? shellRunner(defaultShell) : 'bash';
  return kind;
}

/** `bash`/`sh`/`zsh` keep their own runner; `pwsh`, `python`, … name another runner; the rest is `other-shell`. */
function shellRunner(shell: string): RunnerKind {
  const name = shellProgram(shell).toLowerCase();
  const kind = LANGUAGE_RUNNERS[name];
  if (kind && kind !== 'shell') return kind;
  return 'other-shell';
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
