// `npm run test:electron`: the SAME trusted suite (out/test/vscode) under @vscode/test-electron,
// i.e. in a desktop VS Code it downloads (the oldest supported, from engines.vscode, unless
// VSCODE_VERSION is set). Needs Microsoft's update service; CI does not run it, and on machines
// without that access it fails with a message that says so.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './codeServer';

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const engine = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { vscode: string } }).engines.vscode;
  const version = process.env.VSCODE_VERSION ?? engine.replace(/^[^\d]*/, '');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-electron-'));
  fs.cpSync(path.join(ROOT, 'runbooks'), workspace, { recursive: true });
  try {
    return await runTests({
      version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'vscode'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`\ntest:electron could not run the suite in desktop VS Code ${version}: ${reason}
@vscode/test-electron downloads VS Code from Microsoft's update service, which this machine
cannot reach. Use \`npm run test:vscode\` here (same suite, real VS Code server from npm).`);
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
