// Documentation of attributes, front-matter keys and variable fields, shown by completion and hover.
// The key lists come from the format (the single source of truth); a unit test checks every key has docs.
import { SHELLS } from '../format/languages';

export interface KeyDoc {
  readonly description: string;
  /** Values offered by completion, when the value is enumerable. */
  readonly values?: readonly string[];
  /** A flag can be written bare (`norun`); otherwise completion inserts `key=`. */
  readonly flag?: boolean;
  readonly example: string;
}

const BOOLEAN = ['true', 'false'] as const;
const DURATIONS = ['30s', '1m', '5m', '10m', '30m', '1h'] as const;

export const ATTRIBUTE_DOCS: Readonly<Record<string, KeyDoc>> = {
  id: { description: 'Stable id of the step, used in sessions, evidence and `runbook run --only`. Same as `#id`. With `name=` too (Runme writes a generated `id`), `name` is the id and this one an alias that sessions record.', example: '```bash {#restart-web}' },
  name: { description: 'Step id in Runme style; wins over `id=`/`#id` when both are given. A name with spaces becomes its slug (`CI coverage` → `ci-coverage`).', example: '```bash { name=restart-web }' },
  title: { description: 'Title shown on the step card (default: the nearest paragraph or heading, else the first line of code).', example: '```bash {title="Restart the web tier"}' },
  timeout: { description: 'Kills the step (and its process tree) when it runs longer: a number with a unit `ms`, `s`, `m` or `h` (at most 7 days).', values: DURATIONS, example: '```bash {timeout=5m}' },
  confirm: { description: 'Asks for confirmation before the step runs: a bare flag, or the question to ask.', flag: true, example: '```bash {confirm="Stop the database?"}' },
  expect: { description: 'Regular expression the output must match for the step to succeed.', example: '```bash {expect="active \\(running\\)"}' },
  'expect-exit': { description: 'Exit codes that count as success, comma-separated (default `0`).', values: ['0', '0,1', '0,3010'], example: '```pwsh {expect-exit=0,3010}' },
  cwd: { description: 'Working directory of the step (default: the runbook\'s `cwd`, else the carried-over directory).', example: '```bash {cwd=/var/www}' },
  'continue-on-error': { description: 'A failure of this step does not stop a run of the whole runbook.', values: BOOLEAN, flag: true, example: '```bash {continue-on-error}' },
  interactive: { description: 'The step reads from the terminal (input is forwarded to it).', values: BOOLEAN, flag: true, example: '```bash {interactive}' },
  'keep-background': { description: 'Background processes the step starts (`nohup server &`) keep running after it ends normally; by default they are ended with the step. Cancel and timeout still end them.', values: BOOLEAN, flag: true, example: '```bash {keep-background}' },
  norun: { description: 'The block is documentation, not a step: it never runs.', values: BOOLEAN, flag: true, example: '```bash {norun}' },
  shell: { description: 'Shell for this shell step, overriding the front matter\'s `shell`: any shell installed on the host (a missing one fails the step with "not installed on this host"). POSIX shells (bash, sh, zsh, dash, ksh, mksh, …) carry exported variables and `cd` on to later shell steps; others (fish, csh, …) do not.', values: SHELLS, example: '```shell {shell=ksh}' },
  excludeFromRunAll: { description: 'Runme: *Run all* and *Run from here* pass over this step; run it by hand (its card says "not in Run all").', values: BOOLEAN, flag: true, example: '```bash {excludeFromRunAll}' },
  ignore: { description: 'Runme: `ignore=true` makes the block documentation, like `norun`.', values: BOOLEAN, flag: true, example: '```bash {ignore=true}' },
  transform: { description: 'Runme: `transform=false` makes the block documentation, like `norun`.', values: BOOLEAN, example: '```bash {transform=false}' },
  when: { description: 'Runs the step only on this operating system; it is skipped elsewhere.', values: ['linux', 'darwin', 'windows'], example: '```pwsh {when=windows}' },
};

export const FRONT_MATTER_DOCS: Readonly<Record<string, KeyDoc>> = {
  title: { description: 'Title of the runbook (default: the first H1, else the file name).', example: 'title: Patch night' },
  description: { description: 'What the runbook is for; shown in the notebook header and evidence.', example: 'description: Monthly patching of the web tier' },
  runbook: { description: 'Declares the file a runbook (CodeLens, gutters, diagnostics) when it has no other runbook key and lies outside `runbook.include`.', values: BOOLEAN, example: 'runbook: true' },
  shell: { description: 'Default shell for `shell` fences: any shell installed on the host (`bash` when absent).', values: SHELLS, example: 'shell: bash' },
  timeout: { description: 'Default timeout of every step (a step\'s `timeout` wins).', values: DURATIONS, example: 'timeout: 10m' },
  cwd: { description: 'Working directory the run starts in.', example: 'cwd: /srv/app' },
  variables: { description: 'Variables the runbook asks for before it runs, passed to steps as environment variables.', example: 'variables:\n  HOST:\n    description: Server to patch\n    default: web01' },
};

export const VARIABLE_DOCS: Readonly<Record<string, KeyDoc>> = {
  description: { description: 'What the value is; shown when the runbook asks for it.', example: 'description: Server to patch' },
  default: { description: 'Value used when none is given (never for a secret).', example: 'default: web01' },
  secret: { description: 'The value is masked in output and never written to sessions or evidence.', values: BOOLEAN, example: 'secret: true' },
  required: { description: 'A run cannot start without a value.', values: BOOLEAN, example: 'required: true' },
  pattern: { description: 'Regular expression the whole value must match.', example: 'pattern: "[a-z0-9-]+"' },
  choices: { description: 'The only values allowed.', example: 'choices: [dev, test, prod]' },
};

/** Markdown documentation of one key, for completion items and hovers. */
export function docMarkdown(key: string, doc: KeyDoc): string {
  const values = doc.values ? `\n\nValues: ${doc.values.map((v) => `\`${v}\``).join(', ')}` : '';
  return `**${key}** — ${doc.description}${values}\n\n\`\`\`\`markdown\n${doc.example}\n\`\`\`\``;
}
