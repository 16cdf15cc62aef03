// Injected at build time would be nicer; reading package.json keeps one source of truth.
import pkg from '../../package.json';

export const VERSION: string = pkg.version;
