// The corpus (test/fixtures/corpus, see its README): realistic runbooks in the styles of public
// runbook collections, through parse, `runbook lint` and `runbook run --dry-run`. No crash, no
// error on a valid file, no step from inside HTML, and every step is a fenced code block the
// CommonMark reference finds at the same line. Per-file expectations live in manifest.json; the
// ones that depend on other work (transcripts, Runme, quiet front matter) sit under `after` and
// are checked once `switches` turns them on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type CodeStep, type Runbook } from '../../src/core/format';
import { main } from '../../src/cli/main';
import { reference, referenceFences, walk } from './commonmark-oracle';
import { fakeIo } from './format-fixtures';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'corpus');

interface Expectation {
  /** Code steps and checks today. */
  readonly codeSteps: number;
  readonly checks: number;
  /** Text that sits inside HTML blocks: no step's code, no dry-run line contains it. */
  readonly hidden?: readonly string[];
  /** Warning codes that must be reported (others may be too). */
  readonly warnings?: readonly string[];
  /** The switch under which this file must lint without errors; until then its errors are not checked. */
  readonly errorsUntil?: Switch;
  readonly after?: {
    readonly transcripts?: { readonly codeSteps?: number; readonly notRun?: readonly string[] };
    readonly runme?: { readonly codeSteps?: number; readonly ids?: readonly string[]; readonly title?: string };
    readonly quietFrontMatter?: { readonly warnings: readonly string[] };
  };
}
type Switch = 'transcripts' | 'runme' | 'quietFrontMatter';
interface Manifest {
  readonly switches: Readonly<Record<Switch, boolean>>;
  readonly files: Readonly<Record<string, Expectation>>;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Manifest;
const on = (s: Switch) => manifest.switches[s] === true;
const files = readdirSync(DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();

/**
 * What the executor would run for a step. At merge of the transcript work: return only the
 * prompted commands of a transcript step (whatever the model calls them).
 */
const runnableCode = (step: CodeStep): string => step.run ?? step.code;

/** Lines (1-based, inclusive ranges) the reference puts inside HTML blocks, front matter excluded. */
function htmlBlockLines(markdown: string, runbook: Runbook): [number, number][] {
  const ranges: [number, number][] = [];
  walk(reference.parse(blankFrontMatter(markdown, runbook)), (n) => {
    if (n.type === 'html_block') ranges.push([n.sourcepos[0][0], n.sourcepos[1][0]]);
  });
  return ranges;
}

function blankFrontMatter(markdown: string, runbook: Runbook): string {
  const end = runbook.frontMatter?.endLine ?? 0;
  return markdown.split('\n').map((l, i) => (i < end ? '' : l)).join('\n');
}

test('every corpus file has a manifest entry and every entry a file', () => {
  assert.ok(files.length >= 30, `${files.length} files`);
  assert.deepEqual(Object.keys(manifest.files).sort(), files);
});

for (const file of files) {
  const expect = manifest.files[file]!;
  test(`corpus ${file}: parse, lint and dry run agree with CommonMark`, async () => {
    const markdown = readFileSync(join(DIR, file), 'utf8');
    const runbook = parseRunbook(markdown, { fileName: file });
    const code = runbook.steps.filter((s): s is CodeStep => s.kind === 'code');
    const checks = runbook.steps.filter((s) => s.kind === 'check');

    // Structure: every step is a fence the reference sees at that line, with that code.
    const ref = new Map(referenceFences(blankFrontMatter(markdown, runbook)).map((f) => [f.line, f]));
    for (const step of code) {
      const fence = ref.get(step.line);
      assert.ok(fence, `step at line ${step.line} is a fenced code block for CommonMark`);
      assert.equal(step.code, fence.code, `code of the step at line ${step.line}`);
    }
    for (const [start, end] of htmlBlockLines(markdown, runbook)) {
      for (const s of runbook.steps) assert.ok(s.line < start || s.line > end, `step at line ${s.line} is inside the HTML block at lines ${start}-${end}`);
    }
    for (const hidden of expect.hidden ?? []) {
      assert.ok(markdown.includes(hidden), `the fixture contains '${hidden}'`);
      for (const s of code) assert.ok(!s.code.includes(hidden), `'${hidden}' is in step ${s.id}`);
    }

    const transcripts = on('transcripts') ? expect.after?.transcripts : undefined;
    const runme = on('runme') ? expect.after?.runme : undefined;
    assert.equal(code.length, runme?.codeSteps ?? transcripts?.codeSteps ?? expect.codeSteps, 'code steps');
    assert.equal(checks.length, expect.checks, 'checks');
    for (const line of transcripts?.notRun ?? []) for (const s of code) assert.ok(!runnableCode(s).includes(line), `output '${line}' runs in ${s.id}`);
    if (runme?.ids) assert.deepEqual(code.map((s) => s.id), runme.ids);
    if (runme?.title) assert.equal(runbook.title, runme.title);

    // Diagnostics: errors only on files waiting for other work; named warnings are reported.
    const errors = runbook.diagnostics.filter((d) => d.severity === 'error');
    const mustBeClean = expect.errorsUntil === undefined || on(expect.errorsUntil);
    if (mustBeClean) assert.deepEqual(errors.map((d) => `${d.line}: ${d.message}`), []);
    const warnings = runbook.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code);
    for (const w of expect.warnings ?? []) assert.ok(warnings.includes(w as never), `warning ${w} in ${warnings.join(', ')}`);
    if (on('quietFrontMatter') && expect.after?.quietFrontMatter) assert.deepEqual(warnings, expect.after.quietFrontMatter.warnings);

    // The CLI says the same.
    const lint = fakeIo(DIR);
    assert.equal(await main(['lint', '--json', file], lint), errors.length ? 1 : 0, lint.err());
    assert.equal((JSON.parse(lint.out()) as { diagnostics: unknown[] }[])[0]!.diagnostics.length, runbook.diagnostics.length);
    if (!mustBeClean && errors.length) return; // `run` refuses a runbook with errors; covered by the CLI tests
    const vars = runbook.variables.flatMap((v) => ['--var', `${v.name}=${v.default ?? 'corpus'}`]);
    const dry = fakeIo(DIR);
    assert.equal(await main(['run', file, '--dry-run', '--json', ...vars], dry), 0, dry.err());
    const rows = (JSON.parse(dry.out()) as { steps: { line: number }[] }).steps;
    assert.deepEqual(rows.map((r) => r.line), runbook.steps.map((s) => s.line));
    for (const hidden of expect.hidden ?? []) assert.ok(!dry.out().includes(hidden));
  });
}

test('shell blocks in the corpus: the share that become runnable steps', (t) => {
  const shellLanguages = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'shell-session', 'sh-session', 'pwsh', 'powershell', 'ps1', 'cmd', 'bat']);
  // A transcript line: a prompt (`$ `, `% `, `PS C:\> `, `C:\> `) before the command.
  const prompted = /^\s*(?:[$%] |PS [^>\n]*> |[A-Z]:\\[^>\n]*> )/m;
  let blocks = 0;
  let steps = 0;
  let clean = 0;
  for (const file of files) {
    const markdown = readFileSync(join(DIR, file), 'utf8');
    const runbook = parseRunbook(markdown);
    // Pandoc's `{.bash}` names the language in a class: count the block by the step's language then.
    const stepLang = new Map(runbook.steps.map((s) => [s.line, s.kind === 'code' ? s.lang : '']));
    blocks += referenceFences(blankFrontMatter(markdown, runbook)).filter((f) => shellLanguages.has(stepLang.get(f.line) || f.lang)).length;
    for (const s of runbook.steps) {
      if (s.kind !== 'code' || !shellLanguages.has(s.lang)) continue;
      steps++;
      if (!prompted.test(runnableCode(s))) clean++;
    }
  }
  t.diagnostic(`${blocks} shell blocks: ${steps} are steps (${Math.round((100 * steps) / blocks)}%), ${clean} run as written without prompt lines (${Math.round((100 * clean) / blocks)}%)`);
  assert.ok(blocks >= 60 && clean <= steps && steps <= blocks);
});
