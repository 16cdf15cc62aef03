// Loads a CommonJS bundle (dist/cli-<command>.js, dist/runhost-main.js) with a V8 code cache beside
// it, so start-up deserialises bytecode instead of compiling the bundle (Node 20 has no
// `module.enableCompileCache`). `scripts/code-cache.mjs` writes the caches at build time; when one
// is missing, stale or rejected (another Node/V8, other V8 flags), this process writes a fresh one
// as it exits, if the directory is writable. A cache is used only when its header names this V8
// and the bundle's exact size and modification time (V8 itself checks only the source length).
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire, isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** The cache file of a bundle. */
export const cacheFileOf = (bundle: string): string => `${bundle}.v8cache`;

export interface CacheHeader {
  readonly v8: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The header a cache of `bundle` must carry in this process (one JSON line before the data). */
export function expectedHeader(bundle: string): CacheHeader {
  const info = statSync(bundle);
  return { v8: process.versions.v8, size: info.size, mtimeMs: info.mtimeMs };
}

/** The cache's data when its header matches `expected`, else undefined. */
export function readCache(file: string, expected: CacheHeader): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  const nl = raw.indexOf(10);
  if (nl < 0) return undefined;
  try {
    const header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as Partial<CacheHeader>;
    if (header.v8 !== expected.v8 || header.size !== expected.size || header.mtimeMs !== expected.mtimeMs) return undefined;
  } catch {
    return undefined;
  }
  return raw.subarray(nl + 1);
}

/** Writes a cache atomically (temp file + rename): a reader never sees half a file. */
export function writeCache(file: string, header: CacheHeader, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]), { mode: 0o644 });
    renameSync(temp, file);
  } catch {
    // A read-only install: run without a cache.
    try { unlinkSync(temp); } catch { /* never written */ }
  }
}

/** Node's built-in modules a bundle requires (esbuild writes each as `require("node:fs")` or `require("fs")`). */
export function builtinsRequiredBy(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/\brequire\("((?:node:)?[a-z_/]+)"\)/g)) if (isBuiltin(match[1]!)) names.add(match[1]!);
  return [...names];
}

export interface LoadOptions {
  /**
   * V8 flags this process sets before it compiles the bundle (src/cli/heapTuning.ts). Any V8 flag
   * changes V8's flag hash, and V8 rejects a code cache made under another hash, Node's own cache
   * of its built-in modules included: so the built-ins the bundle requires load first, while that
   * cache still holds, and the bundle's cache is read and written under the new hash.
   */
  readonly v8Flags?: string;
  /** More built-ins to load before the flags: those Node loads inside others on first use (net's listen loads cluster). */
  readonly alsoLoad?: readonly string[];
}

/** Compiles `bundle` (with its cache when valid) as a CommonJS module and returns its exports. */
export function loadBundle(bundle: string, options: LoadOptions = {}): unknown {
  // Stat before reading: a bundle rebuilt in between gets a header that no longer matches it.
  const header = expectedHeader(bundle);
  const source = readFileSync(bundle, 'utf8');
  const require = createRequire(bundle);
  if (options.v8Flags) {
    for (const name of [...builtinsRequiredBy(source), ...(options.alsoLoad ?? [])]) require(name);
    // On use only: `runbook lint` and the other short commands never load node:v8.
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString(options.v8Flags);
  }
  const cacheFile = cacheFileOf(bundle);
  const cachedData = readCache(cacheFile, header);
  const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    // At exit the functions this run used are compiled too, so the cache holds them.
    process.once('exit', () => writeCache(cacheFile, header, script.createCachedData()));
  }
  const mod = new Module(bundle);
  mod.filename = bundle;
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, require, mod, bundle, dirname(bundle));
  mod.loaded = true;
  return mod.exports;
}
