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
