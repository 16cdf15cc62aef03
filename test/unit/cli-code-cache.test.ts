// The V8 code cache beside each CLI command bundle and the run host's (src/cli/codeCache.ts): a
// valid cache is used as is; a cache of another bundle, another V8 or with damaged data is never
// trusted (the bundle's own code runs) and is replaced as the process exits; a read-only
// directory only means no cache. Each case runs a real Node process, as the CLI does.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bundleOf } from './reliability-cli';

const dir = mkdtempSync(join(tmpdir(), 'rb-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bundle = join(dir, 'cli-demo.js');
const cache = `${bundle}.v8cache`;
/** Same length on purpose: V8 checks only the source length, so only the header tells them apart. */
const code = (answer: 'A' | 'B') => `"use strict";\nfunction helper(n) { return n * 2; }\nmodule.exports = { answer: () => '${answer}' + helper(21) };\n`;

/** Loads the bundle through loadBundle in a fresh Node; returns what its answer() says. */
function load(): string {
  const loader = bundleOf('src/cli/codeCache.ts');
  const run = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}).answer())`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const header = () => JSON.parse(readFileSync(cache, 'utf8').split('\n', 1)[0]!) as { v8: string; size: number; mtimeMs: number };

test('the first load writes a cache for this V8 and this bundle; the next load uses it unchanged', () => {
  writeFileSync(bundle, code('A'));
  assert.equal(load(), 'A42');
  const written = header();
  assert.equal(written.v8, process.versions.v8);
  assert.equal(written.size, statSync(bundle).size);
  assert.equal(written.mtimeMs, statSync(bundle).mtimeMs);
  const before = readFileSync(cache);
  const mtime = statSync(cache).mtimeMs;
  assert.equal(load(), 'A42');
  assert.equal(statSync(cache).mtimeMs, mtime, 'an accepted cache is not rewritten');
  assert.deepEqual(readFileSync(cache), before);
});

test('a rebuilt bundle of the same length never runs the old cached code', () => {
  writeFileSync(bundle, code('A'));
  assert.equal(load(), 'A42');
  writeFileSync(bundle, code('B'));
  const later = new Date(Date.now() + 5000);
  utimesSync(bundle, later, later);
  assert.equal(load(), 'B42');
  assert.equal(header().mtimeMs, statSync(bundle).mtimeMs, 'replaced by a cache of the new bundle');
  assert.equal(load(), 'B42');
});

test('a cache made by another V8 is ignored and replaced', () => {
  writeFileSync(bundle, code('A'));
  assert.equal(load(), 'A42');
  const data = readFileSync(cache);
  const body = data.subarray(data.indexOf(10) + 1);
  writeFileSync(cache, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header(), v8: '1.0.0' })}\n`), body]));
  assert.equal(load(), 'A42');
  assert.equal(header().v8, process.versions.v8);
});

test('damaged cache data under a valid header is rejected by V8: the bundle still loads and the cache is rewritten', () => {
  writeFileSync(bundle, code('A'));
  assert.equal(load(), 'A42');
  const first = readFileSync(cache, 'utf8').split('\n', 1)[0]!;
  writeFileSync(cache, `${first}\nnot V8 data at all`);
  assert.equal(load(), 'A42');
  assert.notEqual(readFileSync(cache).subarray(first.length + 1).toString('latin1'), 'not V8 data at all');
});

test('a cache that cannot be written is no error: the bundle runs, and no temporary file is left', () => {
  rmSync(cache, { force: true });
  writeFileSync(bundle, code('A'));
  // A directory where the cache file should be: reading it fails, and so does renaming onto it.
  mkdirSync(join(cache, 'occupied'), { recursive: true });
  try {
    assert.equal(load(), 'A42');
    assert.equal(load(), 'A42');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

/** Runs `script` in a fresh Node with `loadBundle` and `RUN_PROCESS_V8_FLAGS` in scope; returns its stdout. */
function withLoader(script: string): string {
  const loader = bundleOf('src/cli/codeCache.ts');
  const tuning = bundleOf('src/cli/heapTuning.ts');
  const prelude = `const { loadBundle } = require(${JSON.stringify(loader)}); const { RUN_PROCESS_V8_FLAGS } = require(${JSON.stringify(tuning)});`;
  const run = spawnSync(process.execPath, ['-e', `${prelude}\n${script}`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '', 'V8 knows the flag (it prints an error for one it does not)');
  return run.stdout;
}

test('with V8 flags: the built-ins the bundle requires (and those named) load before the flags are set, and its cache is made and used under them', () => {
  rmSync(cache, { force: true });
  writeFileSync(bundle, `"use strict";\nconst net = require("node:net");\nconst os = require("os");\nmodule.exports = { answer: () => typeof net.connect + typeof os.cpus };\n`);
  // Which built-ins Node had loaded when the flags were set (loadBundle sets them through node:v8).
  const probe = `const v8 = require('node:v8'); const set = v8.setFlagsFromString; let loaded;
    v8.setFlagsFromString = (flags) => { loaded = ['net', 'os', 'cluster'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m)); set(flags); };
    const answer = loadBundle(${JSON.stringify(bundle)}, { v8Flags: RUN_PROCESS_V8_FLAGS, alsoLoad: ['node:cluster'] }).answer();
    process.stdout.write(JSON.stringify({ answer, loaded }));`;
  assert.deepEqual(JSON.parse(withLoader(probe)), { answer: 'functionfunction', loaded: ['net', 'os', 'cluster'] });
  const mtime = statSync(cache).mtimeMs;
  const written = readFileSync(cache);
  // Made under the flag's hash at the first exit: accepted, not rewritten, at the next start.
  assert.deepEqual(JSON.parse(withLoader(probe)), { answer: 'functionfunction', loaded: ['net', 'os', 'cluster'] });
  assert.equal(statSync(cache).mtimeMs, mtime, 'the cache written under the flags is accepted');
  assert.deepEqual(readFileSync(cache), written);
});

test('RUN_PROCESS_V8_FLAGS bounds the young generation as --max-semi-space-size=1 does, without a command-line flag', () => {
  // A bundle that keeps ~40 MB of small objects alive, allocated across many scavenges.
  writeFileSync(bundle, `"use strict";\nconst v8 = require("node:v8");\nconst young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;\nmodule.exports = { grow: () => { const kept = []; for (let i = 0; i < 400000; i++) kept.push({ i, s: "x" + i }); return { young: young(), kept: kept.length }; } };\n`);
  const measure = (options: string, nodeFlags: string[] = []) => {
    const loader = bundleOf('src/cli/codeCache.ts');
    const tuning = bundleOf('src/cli/heapTuning.ts');
    const script = `const { loadBundle } = require(${JSON.stringify(loader)}); const { RUN_PROCESS_V8_FLAGS } = require(${JSON.stringify(tuning)});
      process.stdout.write(JSON.stringify(loadBundle(${JSON.stringify(bundle)}${options}).grow()))`;
    const run = spawnSync(process.execPath, [...nodeFlags, '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { young: number; kept: number };
  };
  const held = measure(', { v8Flags: RUN_PROCESS_V8_FLAGS }');
  const capped = measure('', ['--max-semi-space-size=1']);
  const free = measure('');
  assert.equal(held.kept, 400000);
  assert.equal(held.young, capped.young, `held ${held.young} bytes, --max-semi-space-size=1 ${capped.young}`);
  assert.ok(free.young >= 4 * capped.young, `V8's default grows it (${free.young} bytes): else this test shows nothing`);
});

test('the built caches of `run` and `attach` are made under the V8 flags those commands set: V8 accepts them as they are', () => {
  for (const name of ['cli-run.js', 'cli-attach.js']) {
    const built = join(__dirname, '..', '..', 'dist', name);
    const copy = join(dir, name);
    writeFileSync(copy, readFileSync(built));
    // V8's data as built, under a header that names the copy (the header is ours: size and mtime).
    const cached = readFileSync(`${built}.v8cache`);
    const { size, mtimeMs } = statSync(copy);
    writeFileSync(`${copy}.v8cache`, Buffer.concat([Buffer.from(`${JSON.stringify({ v8: process.versions.v8, size, mtimeMs })}\n`), cached.subarray(cached.indexOf(10) + 1)]));
    const before = statSync(`${copy}.v8cache`).mtimeMs;
    withLoader(`loadBundle(${JSON.stringify(copy)}, { v8Flags: RUN_PROCESS_V8_FLAGS, alsoLoad: ['node:tty'] })`);
    assert.equal(statSync(`${copy}.v8cache`).mtimeMs, before, `${name}: a rejected cache would be rewritten as the process exits`);
  }
});
