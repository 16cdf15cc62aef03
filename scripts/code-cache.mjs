// Writes the V8 code cache of each bundle named on the command line (dist/<bundle>.js.v8cache), as
// src/cli/codeCache.ts reads it: one JSON header line (V8 version, the bundle's size and mtime),
// then V8's data. Every function is compiled (--no-lazy) so a run deserialises what it calls
// instead of compiling it; the flag is reset before the data is made, because V8 rejects a cache
// made under other flags.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// `--v8-flags=<flags>`: the flags the bundle's process sets before it loads the bundle
// (src/cli/heapTuning.ts): the data is made under them, or V8 would reject it there.
const flagsArg = process.argv.slice(2).find((a) => a.startsWith('--v8-flags='));
const bundles = process.argv.slice(2).filter((a) => a !== flagsArg);
for (const bundle of bundles) {
  const info = statSync(bundle);
  setFlagsFromString('--no-lazy');
  const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
  setFlagsFromString('--lazy');
  if (flagsArg) setFlagsFromString(flagsArg.slice('--v8-flags='.length));
  const header = { v8: process.versions.v8, size: info.size, mtimeMs: info.mtimeMs };
  const temp = `${bundle}.v8cache.${process.pid}.tmp`;
  writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), script.createCachedData()]));
  renameSync(temp, `${bundle}.v8cache`);
}
