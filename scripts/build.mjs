// Builds the bundles (extension host: a small entry and its lazily loaded rest; language server,
// run host, webview, CLI) and the VS Code test suites with esbuild. `--watch` rebuilds on change,
// `--production` minifies.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeFileAscii } from './ascii-output.mjs';
import { lazyMarkdownItDependencies } from './lazy-modules.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/** `{ 'cli-lint': 'src/cli/commands/lint.ts', … }`: every command module the dispatcher loads. */
function cliCommandEntries() {
  const entries = {};
  for (const file of readdirSync('src/cli/commands')) {
    if (file.endsWith('.ts') && file !== 'readRunbook.ts') entries[`cli-${file.slice(0, -3)}`] = `src/cli/commands/${file}`;
  }
  return entries;
}

/**
 * The commands that follow a run for its whole length: they set a small V8 heap
 * (src/cli/heapTuning.ts), after node:tty has loaded (the terminal's streams load it on first use).
 */
const longLivedCommands = new Set(['run', 'attach']);

/** RUN_PROCESS_V8_FLAGS from src/cli/heapTuning.ts (one place: those processes set them; their caches are made under them). */
function runProcessV8Flags() {
  const [out] = esbuild.buildSync({ entryPoints: ['src/cli/heapTuning.ts'], format: 'cjs', platform: 'node', write: false }).outputFiles;
  const module = { exports: {} };
  new Function('module', 'exports', out.text)(module, module.exports);
  return module.exports.RUN_PROCESS_V8_FLAGS;
}

/**
 * In the dispatcher, `import('./commands/<name>')` loads the sibling bundle dist/cli-<name>.js with
 * its V8 code cache (src/cli/codeCache.ts): a plain synchronous load, not a dynamic import(), which
 * would go through Node's slower ESM loader.
 */
const cliCommandsExternal = {
  name: 'cli-commands-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[a-z]+$/ }, (args) => ({ path: args.path.slice('./commands/'.length), namespace: 'cli-command' }));
    build.onLoad({ filter: /.*/, namespace: 'cli-command' }, (args) => ({
      contents: `module.exports = require('./codeCache').loadBundle(require('node:path').join(__dirname, 'cli-${args.path}.js')${longLivedCommands.has(args.path) ? ", { v8Flags: require('./heapTuning').RUN_PROCESS_V8_FLAGS, alsoLoad: ['node:tty'] }" : ''});`,
      resolveDir: 'src/cli',
      loader: 'js',
    }));
  },
};

/**
 * The bundles a process starts from (the CLI's commands, the run host): always minified (half the
 * source to read and keep in memory; start-up reads it with a code cache, so names do not matter
 * and the linked source map still maps stack traces), with markdown-it's rarely used dependencies
 * loaded on first use (lazy-modules.mjs), and pure ASCII text (ascii-output.mjs, after the build).
 * docs/performance.md, CLI section, has the measurements.
 */
const startup = { minify: true, plugins: [lazyMarkdownItDependencies], metafile: true };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  // The extension host loads the small `extension` at activation, `extension-files` (the runbook
  // rule and its glob matcher) once the Markdown extension has started and `extension-full`
  // (language client, run service, panels…) on first use: main.ts require()s them at run time, so
  // they stay out of the small bundle (docs/performance.md, "Opening a plain README").
  { ...common, entryPoints: { extension: 'src/extension/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', './extension-files.js', './extension-full.js'] },
  { ...common, entryPoints: { 'extension-files': 'src/extension/runbookFiles.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: { 'extension-full': 'src/extension/full.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' },
  // The CLI: a tiny dispatcher (dist/cli.js) and one bundle per command (dist/cli-<name>.js),
  // required only when that command runs, so start-up compiles only what the command needs.
  { ...common, minify: true, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, plugins: [cliCommandsExternal] },
  { ...common, ...startup, entryPoints: cliCommandEntries(), outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' },
  // The run host: a detached process per live session (src/runhost), started by the CLI and the
  // extension host: dist/runhost.js (start.ts) loads dist/runhost-main.js with its code cache.
  { ...common, minify: true, entryPoints: { runhost: 'src/runhost/start.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, ...startup, entryPoints: { 'runhost-main': 'src/runhost/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', loader: { '.ttf': 'file' } },
  // The real-VS-Code suites, loaded by the extension host through `extensionTestsPath`: each
  // suite's index.ts and every *.test.ts beside it become separate files in out/test/<suite>/,
  // so the index can hand each test file to mocha on its own.
  { ...common, minify: false, sourcemap: 'inline', entryPoints: testEntries(['test/vscode', 'test/vscode-untrusted']), outdir: 'out/test', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] },
];

/** `{ 'vscode/index': 'test/vscode/index.ts', 'vscode/panel.test': 'test/vscode/panel.test.ts', … }` */
function testEntries(dirs) {
  const entries = {};
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const file of readdirSync(dir)) {
      if (file === 'index.ts' || file.endsWith('.test.ts')) entries[`${dir.slice('test/'.length)}/${file.slice(0, -3)}`] = `${dir}/${file}`;
    }
  }
  return entries;
}

// Packaging starts from an empty dist/ so nothing stale lands in the .vsix. Other builds only
// drop compiled tests whose source is gone (the suite index loads every *.test.js it finds), so
// that concurrent builds in one work tree do not delete each other's output.
if (production) rmSync('dist', { recursive: true, force: true });
for (const suite of ['vscode', 'vscode-untrusted']) {
  const dir = `out/test/${suite}`;
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)) {
    const source = `test/${suite}/${file.replace(/\.js(\.map)?$/, '.ts')}`;
    if (file.endsWith('.js') && !existsSync(source)) rmSync(`${dir}/${file}`, { force: true });
  }
}
mkdirSync('dist', { recursive: true });
// codicons ship a CSS file and a font; the webview loads both from dist/codicons.
cpSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicons/codicon.css');
cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicons/codicon.ttf');

// A bundle whose entry does not exist yet (another issue adds it) is skipped with a notice.
const present = builds.filter((options) => {
  const missing = Object.values(options.entryPoints).filter((file) => !existsSync(file));
  if (missing.length) console.warn(`build: skipping ${missing.join(', ')} (not written yet)`);
  return missing.length === 0 && Object.keys(options.entryPoints).length > 0;
});

if (watch) {
  for (const options of present) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.allSettled(present.map((options) => esbuild.build(options)));
  // esbuild has already printed each error with file and line; no stack trace on top.
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
  // The CLI bundles carry no zod: the session log and evidence records are checked by hand-written
  // guards (src/core/session/jsonGuard.ts), because loading zod cost 15–40 ms at every start.
  for (const result of results) {
    for (const [out, meta] of Object.entries(result.value.metafile?.outputs ?? {})) {
      const zod = Object.keys(meta.inputs).filter((input) => /node_modules\/zod\//.test(input));
      if (zod.length > 0) {
        console.error(`build: ${out} bundles zod (${zod[0]}, …): the CLI must not load it; use the guards in src/core/session/jsonGuard.ts`);
        process.exit(1);
      }
    }
  }
}
// One non-ASCII character would make V8 keep the whole source two bytes per character.
if (!watch) {
  for (const file of readdirSync('dist').filter((f) => /^cli-[a-z]+\.js$/.test(f) || f === 'runhost-main.js')) makeFileAscii(`dist/${file}`);
}
// The CLI is package.json's `bin`: `npx runbook` and `npm link` need it executable.
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
// V8 code caches of the CLI command bundles and the run host (src/cli/codeCache.ts), in a child
// process: it compiles with V8 flags of its own. Not in watch mode (a stale cache is ignored).
// `lint` and `parse`, whose start-up is what a user waits for, get a cache trained on a real run
// instead: runbooks/hello.md (front matter, every kind of step, checks, transcripts) is linted and
// parsed with no cache, and loadBundle writes what that run compiled as it exits. That cache is
// ~40 % smaller than one with every function compiled (less to read and deserialise at each
// start); a function it lacks is compiled on first call as usual.
if (!watch) {
  const trained = { 'dist/cli-lint.js': 'lint', 'dist/cli-parse.js': 'parse' };
  const bundles = readdirSync('dist').filter((f) => /^cli-[a-z]+\.js$/.test(f) || f === 'runhost-main.js').map((f) => `dist/${f}`);
  // The bundles of a run's processes set V8 flags before they load (src/cli/heapTuning.ts): their caches are made under them.
  const longLived = new Set(['dist/runhost-main.js', ...[...longLivedCommands].map((c) => `dist/cli-${c}.js`)]);
  const eager = bundles.filter((b) => !(b in trained));
  for (const [group, extra] of [[eager.filter((b) => !longLived.has(b)), []], [eager.filter((b) => longLived.has(b)), [`--v8-flags=${runProcessV8Flags()}`]]]) {
    if (group.length > 0 && spawnSync(process.execPath, ['scripts/code-cache.mjs', ...extra, ...group], { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  for (const [bundle, command] of Object.entries(trained).filter(([b]) => existsSync(b))) {
    rmSync(`${bundle}.v8cache`, { force: true });
    spawnSync(process.execPath, ['dist/cli.js', command, 'runbooks/hello.md'], { stdio: 'ignore', timeout: 30_000 });
    // No cache written (an unwritable dist/?): the eager one, as for the other bundles.
    if (!existsSync(`${bundle}.v8cache`) && spawnSync(process.execPath, ['scripts/code-cache.mjs', bundle], { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  // `runbook run` and its run host likewise, trained on a real one-step run (start, session,
  // socket, a bash step, finish): half the size of the eager caches, which also leaves a smaller
  // heap in an idle run host.
  if (existsSync('dist/cli-run.js') && existsSync('dist/runhost-main.js')) await trainRunCaches(['dist/cli-run.js.v8cache', 'dist/runhost-main.js.v8cache']);
}

async function trainRunCaches(caches) {
  const eager = caches.map((cache) => readFileSync(cache));
  const dir = mkdtempSync(join(tmpdir(), 'rb-build-train-'));
  try {
    for (const cache of caches) rmSync(cache);
    writeFileSync(join(dir, 'train.md'), '# Training run\n\n```bash {#step}\necho trained\n```\n');
    spawnSync(process.execPath, [resolve('dist/cli.js'), 'run', 'train.md', '--yes', '--sessions', 'sessions'], { cwd: dir, stdio: 'ignore', timeout: 30_000 });
    // The run host writes its cache as it exits, just after the client's run has ended.
    for (let waited = 0; !caches.every((c) => existsSync(c)) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  } finally {
    // A run that could not train one (no bash, a read-only dist/): the eager cache, as before.
    caches.forEach((cache, i) => existsSync(cache) || writeFileSync(cache, eager[i]));
    rmSync(dir, { recursive: true, force: true });
  }
}
