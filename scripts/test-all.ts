// `npm test`: installs what the layers need (Debian packages, code-server), builds, typechecks and lints, runs the
// unit tests, the real-VS-Code suites (trusted and untrusted, remote extension host), the e2e tests and the package
// check, and finally checks that the run left the git work tree as it found it. Prints each layer's counts and
// duration and ends with the line `N passed, N failed`; exits non-zero when anything failed. Every process it
// starts is ended.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, ROOT } from '../test/harness/codeServer';
import { e2eFiles, runNodeTests } from '../test/harness/run-e2e';
import { unitFiles } from '../test/harness/run-unit';
import { runVSCodeSuite } from '../test/harness/vscodeSuite';

interface Layer {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
}

const layers: Layer[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function heading(text: string): void {
  console.log(`\n=== ${text} ===`);
}

async function main(): Promise<number> {
  const treeBefore = gitStatus();
  // A fresh machine has none of it: the unit layer already drives Chromium, so install first.
  heading('setup (Debian packages, code-server; first use only)');
  const setupStarted = Date.now();
  try {
    ensureCodeServer();
    layers.push({ name: 'setup', passed: 1, failed: 0, durationMs: Date.now() - setupStarted });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    layers.push({ name: 'setup', passed: 0, failed: 1, durationMs: Date.now() - setupStarted });
    return report();
  }

  heading('build');
  const started = Date.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  layers.push({ name: 'build', passed: build.status === 0 ? 1 : 0, failed: build.status === 0 ? 0 : 1, durationMs: Date.now() - started });
  if (build.status !== 0) return report();

  heading('static checks (tsc --noEmit, eslint)');
  layers.push(staticCheck('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit']));
  layers.push(staticCheck('lint', ['node_modules/eslint/bin/eslint.js', '.']));

  heading('unit (node:test)');
  layers.push({ name: 'unit', ...(await runNodeTests(unitFiles())) });

  heading('real VS Code, trusted workspace (test/vscode)');
  layers.push({ name: 'vscode (trusted)', ...(await runVSCodeSuite({ suite: 'vscode', trusted: true, timeoutMs: 8 * 60_000 })) });

  heading('real VS Code, untrusted workspace (test/vscode-untrusted)');
  layers.push({ name: 'vscode (untrusted)', ...(await runVSCodeSuite({ suite: 'vscode-untrusted', trusted: false })) });

  const e2e = e2eFiles();
  if (e2e.length) {
    heading(`e2e (${e2e.length} files)`);
    layers.push({ name: 'e2e', ...(await runNodeTests(e2e, ['--test-concurrency=1'])) });
  }
  heading('package (.vsix)');
  layers.push(checkPackage());
  heading('clean work tree (a test run writes only to git-ignored paths)');
  layers.push(checkTreeUnchanged(treeBefore));
  return report();
}

/** `git status --porcelain` (tracked and untracked, not ignored), or undefined outside a git checkout. */
function gitStatus(): string[] | undefined {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });
  return status.status === 0 ? status.stdout.split('\n').filter(Boolean).sort() : undefined;
}

/** The test run must not change, add or delete any file git sees (it may write ignored ones). */
function checkTreeUnchanged(before: string[] | undefined): Layer {
  const started = Date.now();
  const after = gitStatus();
  if (!before || !after) {
    console.log('not a git checkout: skipped');
    return { name: 'clean tree', passed: 0, failed: 0, durationMs: Date.now() - started };
  }
  const changed = after.filter((line) => !before.includes(line)).concat(before.filter((line) => !after.includes(line)).map((l) => `${l} (was)`));
  if (changed.length) console.error(`the test run changed files git tracks or sees (write them to a git-ignored path instead):\n  ${changed.join('\n  ')}`);
  else console.log('git status is as it was before the run');
  return { name: 'clean tree', passed: changed.length ? 0 : 1, failed: changed.length ? 1 : 0, durationMs: Date.now() - started };
}

/** A whole-tree check that counts as one test: strict types and lint rules hold everywhere. */
function staticCheck(name: string, args: readonly string[]): Layer {
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  const ok = run.status === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, durationMs: Date.now() - started };
}

/** `npm run package` must give a .vsix of bundles only: no sources, tests or node_modules. */
function checkPackage(): Layer {
  const started = Date.now();
  const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const list = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  const files = list.stdout.split('\n').filter(Boolean);
  const unwanted = files.filter((f) => /^(src|test|node_modules|scripts|out)\/|\.ts$|\.map$/.test(f));
  const vsix = path.join(ROOT, 'runbook.vsix');
  const ok = pack.status === 0 && list.status === 0 && fs.existsSync(vsix) && files.includes('dist/extension.js') && unwanted.length === 0;
  if (ok) console.log(`runbook.vsix: ${files.length} files, ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB`);
  else console.error(`packaging failed or the .vsix holds files it should not: ${unwanted.join(', ') || '(see above)'}`);
  // Packaging rebuilt dist/ minified; put the development build back for later runs.
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  return { name: 'package', passed: ok ? 1 : 0, failed: ok ? 0 : 1, durationMs: Date.now() - started };
}

function report(): number {
  heading('summary');
  for (const l of layers) console.log(`${l.name.padEnd(20)} ${String(l.passed).padStart(4)} passed ${String(l.failed).padStart(3)} failed  ${seconds(l.durationMs)}`);
  // Setup and the build count as steps, not as tests.
  const tests = layers.filter((l) => l.name !== 'build' && l.name !== 'setup');
  const passed = tests.reduce((n, l) => n + l.passed, 0);
  const failed = layers.reduce((n, l) => n + l.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  console.log('0 passed, 1 failed');
  process.exit(1);
});
