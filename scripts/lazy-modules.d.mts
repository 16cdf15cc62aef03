import type { Plugin } from 'esbuild';
export const lazyMarkdownItDependencies: Plugin;
