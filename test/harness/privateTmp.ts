// Each test layer gives its processes a temporary directory of their own (TMPDIR, which Node's
// os.tmpdir(), bash, mktemp and VS Code's IPC and git sockets all honour), and removes it when the
// layer ends: what a test, a killed run host or a code-server leaves there goes with it, so a test
// run leaves nothing behind in /tmp, whichever test forgot to clean up.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PrivateTmp {
  readonly dir: string;
  /** The environment for a layer's processes: `base` with TMPDIR set to `dir`. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Removes the directory, unmounting first what a killed test left mounted in it (a small tmpfs). */
  remove(): void;
}

export function privateTmp(prefix: string): PrivateTmp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    env: (base = process.env) => ({ ...base, TMPDIR: dir }),
    remove: () => {
      for (const mount of mountsUnder(dir)) try { execFileSync('umount', ['-l', mount], { stdio: 'ignore' }); } catch { /* not ours to unmount */ }
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch (error) {
        console.error(`could not remove the test run's temporary directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** Mount points at or below `dir`, deepest first (/proc/self/mounts; none elsewhere). */
function mountsUnder(dir: string): string[] {
  let table: string;
  try {
    table = fs.readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return [];
  }
  // Mount points are written with octal escapes for spaces and the like.
  const points = table.split('\n').map((l) => l.split(' ')[1]?.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  return points.filter((p): p is string => p !== undefined && (p === dir || p.startsWith(`${dir}/`))).sort((a, b) => b.length - a.length);
}
