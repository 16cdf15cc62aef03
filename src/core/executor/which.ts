// Finds an executable on PATH (with PATHEXT on Windows), so a missing interpreter becomes a
// one-line reason instead of a spawn error.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const cache = new Map<string, string | undefined>();

export function findExecutable(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string | undefined {
  const path = env.PATH ?? env.Path ?? '';
  const key = `${platform}\0${path}\0${name}`;
  if (cache.has(key)) return cache.get(key);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';') : [''];
  const dirs = isAbsolute(name) ? [''] : path.split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  let found: string | undefined;
  outer: for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = dir ? join(dir, name + ext) : name + ext;
      if (isExecutable(candidate, platform)) {
        found = candidate;
        break outer;
      }
    }
  }
  cache.set(key, found);
  return found;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
