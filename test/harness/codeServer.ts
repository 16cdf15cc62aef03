// Where the pinned code-server lives (a git-ignored .vscode-test/ folder) and how to get it:
// scripts/install-code-server.sh installs it on first use and is a no-op afterwards.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // bundles VS Code 1.100.3; the last on Node 20
export const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.RUNBOOK_CHROMIUM ?? '/usr/bin/chromium';

export interface CodeServerPaths {
  readonly dir: string;
  /** code-server's CLI (full workbench with --auth none): for `npm start` and e2e tests. */
  readonly entry: string;
  /** The bare VS Code server: for the extension test suites. */
  readonly serverMain: string;
}

export function codeServerPaths(version = CODE_SERVER_VERSION): CodeServerPaths {
  const dir = path.join(ROOT, '.vscode-test', `code-server-${version}`);
  const pkg = path.join(dir, 'node_modules', 'code-server');
  return { dir, entry: path.join(pkg, 'out', 'node', 'entry.js'), serverMain: path.join(pkg, 'lib', 'vscode', 'out', 'server-main.js') };
}

/**
 * Installs the missing Debian packages the tests use (Chromium, ripgrep, zsh, …; apt-get as root)
 * with scripts/install-system-deps.sh: a no-op when all are there. Throws a clear error otherwise.
 */
export function ensureSystemDeps(): void {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Debian packages the tests need are missing and could not be installed (see the messages above).');
}

/** Installs code-server (and its Debian needs) unless already there; throws a clear error otherwise. */
export function ensureCodeServer(version = CODE_SERVER_VERSION): CodeServerPaths {
  ensureSystemDeps();
  const paths = codeServerPaths(version);
  if (!fs.existsSync(path.join(paths.dir, `.ready-${version}`))) {
    console.log(`Installing code-server ${version} into ${path.relative(ROOT, paths.dir)} (first use only)…`);
    const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-code-server.sh'), paths.dir], {
      stdio: 'inherit',
      env: { ...process.env, CODE_SERVER_VERSION: version },
    });
    if (result.status !== 0) throw new Error(`Could not install code-server ${version} (see the messages above); the real-VS-Code tests need it.`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set RUNBOOK_CHROMIUM).`);
  return paths;
}
