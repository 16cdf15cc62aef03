// scripts/lazy-modules.mjs, the esbuild plugin of the CLI and run-host bundles: markdown-it's
// `entities` (HTML entity tables built at load) and `linkify-it` (TLD tables, regular
// expressions) are evaluated only when a parse needs them, and then behave exactly as before.
// The bundle is built here with the plugin and a marker appended to each real module, and run in
// a fresh Node, as the CLI runs.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { build, type Plugin } from 'esbuild';
import { lazyMarkdownItDependencies } from '../../scripts/lazy-modules.mjs';

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'rb-lazy-modules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Appends `globalThis.loaded.push(name)` to the real modules, so the test sees when each is evaluated. */
const markLoads: Plugin = {
  name: 'mark-loads',
  setup(b) {
    b.onLoad({ filter: /[\\/]entities[\\/]dist[\\/]decode\.js$|[\\/]linkify-it[\\/]build[\\/]index\.mjs$/ }, (args) => ({
      contents: `${readFileSync(args.path, 'utf8')}\n;(globalThis.loaded ??= []).push(${JSON.stringify(args.path.includes('entities') ? 'entities' : 'linkify-it')});`,
      loader: 'js',
    }));
  },
};

async function bundle(): Promise<string> {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import MarkdownIt from 'markdown-it';
export const loaded = () => [...((globalThis as { loaded?: string[] }).loaded ?? [])];
export const plain = new MarkdownIt({ html: true });
export const linking = new MarkdownIt({ linkify: true });
`);
  const out = join(dir, 'bundle.js');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')], plugins: [lazyMarkdownItDependencies, markLoads] });
  return out;
}

/** Runs `script` (with `m` the bundle's exports) in a fresh Node and returns what it prints as JSON. */
function run(out: string, script: string): unknown {
  const child = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(out)}); console.log(JSON.stringify(${script}))`], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

test('loading markdown-it and making instances evaluates neither entities nor linkify-it; a parse without entities or links does not either', async () => {
  const out = await bundle();
  assert.deepEqual(run(out, 'm.loaded()'), []);
  assert.deepEqual(run(out, '[m.plain.render("# Title\\n\\nText with *emphasis* & [a link](https://example.com).\\n"), m.loaded()]'), [
    '<h1>Title</h1>\n<p>Text with <em>emphasis</em> &amp; <a href="https://example.com">a link</a>.</p>\n',
    [],
  ]);
});

test('a named entity loads entities on first use and is decoded as before', async () => {
  const out = await bundle();
  assert.deepEqual(run(out, '[m.plain.renderInline("caf&eacute; &copy; &notanentity; &#x41;"), m.plain.utils.unescapeAll("b&#97;sh &amp;"), m.loaded()]'), ['café © &amp;notanentity; A', 'bash &', ['entities']]);
});

test('with linkify on, linkify-it loads on first use and links as before (methods, properties and chained set)', async () => {
  const out = await bundle();
  assert.deepEqual(run(out, '[m.linking.renderInline("see https://example.com/a or x"), m.linking.linkify.test("https://example.org"), typeof m.linking.linkify.re, m.linking.linkify.set({ fuzzyEmail: false }).test("a@example.org"), m.loaded()]'), [
    'see <a href="https://example.com/a">https://example.com/a</a> or x',
    true,
    'object',
    false,
    ['linkify-it'],
  ]);
});
