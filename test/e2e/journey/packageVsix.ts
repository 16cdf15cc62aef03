// Packages the extension exactly as `npm run package` does (production build + `vsce package`),
// but in a staging folder, so the shared dist/ of the work tree is never emptied under a test
// that is running beside this one. The staging folder links src/, test/ and node_modules/ back
// to the work tree and copies what the .vsix holds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../harness/codeServer';

export interface PackagedVsix {
  readonly vsix: string;
  /** What `vsce package` printed to stderr (its WARNINGs go there). */
  readonly warnings: string;
  readonly dispose: () => void;
}

const LINKED = ['src', 'test', 'node_modules', 'tsconfig.json'];
const COPIED = ['package.json', 'package-lock.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'scripts', 'media', 'syntaxes', 'docs'];

export function packageVsix(): PackagedVsix {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-package-'));
  const dispose = () => fs.rmSync(stage, { recursive: true, force: true });
  try {
    for (const name of LINKED) fs.symlinkSync(path.join(ROOT, name), path.join(stage, name));
    for (const name of COPIED) {
      if (fs.existsSync(path.join(ROOT, name))) fs.cpSync(path.join(ROOT, name), path.join(stage, name), { recursive: true });
    }
    // The project's own `npm run package` script, run in the staging folder.
    const pack = spawnSync('npm', ['run', 'package'], { cwd: stage, encoding: 'utf8' });
    const vsix = path.join(stage, 'runbook.vsix');
    if (pack.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed:\n${pack.stdout}${pack.stderr}`);
    return { vsix, warnings: `${pack.stdout}\n${pack.stderr}`.split('\n').filter((l) => /WARNING/.test(l)).join('\n'), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
