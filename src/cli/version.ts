// Injected at build time would be nicer; reading package.json keeps one source of truth.
// A named import: esbuild then bundles only this field, not the whole manifest.
import { version } from '../../package.json';

export const VERSION: string = version;
