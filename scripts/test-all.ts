// `npm test`: build, typecheck and lint, unit tests, the real-VS-Code suites (trusted and untrusted, remote extension
// host), then the e2e tests. Prints each layer's counts and duration and ends with the line
// `N passed, N failed`; exits non-zero when anything failed. Every process it starts is ended.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../test/harness/codeServer';
import { e2eFiles, runNodeTests } from '../test/harness/run-e2e';
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
  heading('build');
  const started = Date.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  layers.push({ name: 'build', passed: build.status === 0 ? 1 : 0, failed: build.status === 0 ? 0 : 1, durationMs: Date.now() - started });
  if (build.status !== 0) return report();

  heading('static checks (tsc --noEmit, eslint)');
  layers.push(staticCheck('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit']));
  layers.push(staticCheck('lint', ['node_modules/eslint/bin/eslint.js', '.']));

  heading('unit (node:test)');
  const unitDir = path.join(ROOT, 'test', 'unit');
  const unitFiles = fs.readdirSync(unitDir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', 'unit', f));
  layers.push({ name: 'unit', ...(await runNodeTests(unitFiles)) });

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
  return report();
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
  // The build counts as a step, not as a test.
  const tests = layers.filter((l) => l.name !== 'build');
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
