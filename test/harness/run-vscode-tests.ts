// `npm run test:vscode [-- trusted|untrusted]`: builds, then runs the real-VS-Code suites
// (trusted, then untrusted) and exits with 0 only when all passed.
import { spawnSync } from 'node:child_process';
import { ROOT } from './codeServer';
import { runVSCodeSuite } from './vscodeSuite';

async function main(): Promise<number> {
  const only = process.argv[2];
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return 1;
  }
  let failed = 0;
  if (only !== 'untrusted') failed += (await runVSCodeSuite({ suite: 'vscode', trusted: true })).exitCode === 0 ? 0 : 1;
  if (only !== 'trusted') failed += (await runVSCodeSuite({ suite: 'vscode-untrusted', trusted: false })).exitCode === 0 ? 0 : 1;
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
