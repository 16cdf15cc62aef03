// An esbuild plugin for the bundles whose start-up counts (the CLI commands, the run host): the
// parts of markdown-it that do heavy work as they load, but that Runbook's parse uses rarely or
// never, are loaded on first use instead of with the bundle.
//  - `entities`: builds its HTML entity decode tables (a 13,000-entry trie) at load, ~5 % of a
//    `node -e 0` start (callgrind). markdown-it calls it only for a named entity such as `&copy;`.
//  - `linkify-it`: unpacks its TLD list at load and compiles its regular expressions for each
//    MarkdownIt instance; markdown-it uses it only with `linkify: true`, which the parse never sets.
// Each shim forwards to the real module, loaded (and only then evaluated: esbuild wraps a
// required ES module in a lazy initialiser) on the first call, so behaviour is unchanged.
// test/unit/build-lazy-modules.test.ts checks both: nothing loaded at start, the same results after.

const SHIMS = {
  entities: `
let real;
export function decodeHTMLStrict(text) {
  real ??= require('lazy-real:entities/decode');
  return real.decodeHTMLStrict(text);
}`,
  'linkify-it': `
export class LinkifyIt {
  constructor(...args) {
    let real;
    const target = () => (real ??= new (require('lazy-real:linkify-it').LinkifyIt)(...args));
    // Every property and method of the real instance, made on first touch (methods keep their this).
    return new Proxy({}, {
      get: (_, key) => {
        const value = Reflect.get(target(), key);
        return typeof value === 'function' ? value.bind(target()) : value;
      },
      set: (_, key, value) => Reflect.set(target(), key, value),
      has: (_, key) => Reflect.has(target(), key),
    });
  }
}`,
};

/** @type {import('esbuild').Plugin} */
export const lazyMarkdownItDependencies = {
  name: 'lazy-markdown-it-dependencies',
  setup(build) {
    build.onResolve({ filter: /^(entities|linkify-it)$/ }, (args) => {
      if (args.pluginData?.real || !/[\\/]markdown-it[\\/]/.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'lazy-module', pluginData: { importer: args.importer, resolveDir: args.resolveDir } };
    });
    // The shim's require() gets the module markdown-it would have imported (its ES build, not a
    // second, CommonJS copy), resolved from markdown-it's directory.
    build.onResolve({ filter: /^lazy-real:/ }, async (args) => {
      const { importer, resolveDir } = args.pluginData;
      const real = await build.resolve(args.path.slice('lazy-real:'.length), { kind: 'import-statement', importer, resolveDir, pluginData: { real: true } });
      return { path: real.path, namespace: real.namespace, errors: real.errors, warnings: real.warnings, sideEffects: real.sideEffects };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({ contents: SHIMS[args.path], loader: 'js', resolveDir: args.pluginData.resolveDir, pluginData: args.pluginData }));
  },
};
