// The front-matter keys Runbook knows, in a module of their own (no YAML parser) so the small
// runbook check (dist/extension-files.js) can tell a runbook from plain Markdown without loading
// the parser.

export const FRONT_MATTER_KEYS: readonly string[] = ['title', 'description', 'runbook', 'shell', 'timeout', 'cwd', 'variables'];
export const VARIABLE_KEYS: readonly string[] = ['description', 'default', 'secret', 'required', 'pattern', 'choices'];

/**
 * The keys that declare a file a runbook. `title` and `description` are left out: blogs and
 * static-site generators use them too. `runbook: true` declares a runbook that needs no other key.
 */
export const RUNBOOK_DECLARING_KEYS: readonly string[] = FRONT_MATTER_KEYS.filter((k) => k !== 'title' && k !== 'description');
