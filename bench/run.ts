// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and writes
// docs/performance.md from their sections. Each bench measures its subject and a baseline in
// the same run and reports the ratio, so the numbers compare on any machine.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Bench = () => Promise<{ title: string; markdown: string }>;

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`bench: no bench/*.bench.ts matches ${filters.join(' ')}\n`);
    return 2;
  }
  // A filtered run (`npm run bench -- format`) replaces only its own sections and keeps the rest.
  const out = join(__dirname, '..', 'docs', 'performance.md');
  const sections = new Map<string, string>(filters.length > 0 ? previousSections(out) : []);
  let failed = 0;
  for (const file of files) {
    process.stderr.write(`bench: ${file} …\n`);
    const started = Date.now();
    try {
      const mod = (await import(pathToFileURL(join(__dirname, file)).href)) as { default: Bench | { default: Bench } };
      const fn = typeof mod.default === 'function' ? mod.default : mod.default.default;
      const { title, markdown } = await fn();
      sections.set(file, `## ${title}\n\n_Source: \`bench/${file}\`, ${((Date.now() - started) / 1000).toFixed(1)} s._\n\n${markdown.trim()}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`bench: ${file} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      sections.set(file, `## ${file}\n\nFailed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const header = [
    '# Performance',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each section measures its subject and a',
    'baseline in the same process and reports the ratio, so the ratios matter more than the milliseconds.',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
  ].join('\n');
  const ordered = [...sections.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text);
  writeFileSync(out, `${header}\n${ordered.join('\n')}`);
  process.stderr.write(`bench: wrote ${out}\n`);
  return failed > 0 ? 1 : 0;
}

/** The sections of an earlier docs/performance.md, keyed by their bench file. */
function previousSections(file: string): [string, string][] {
  if (!existsSync(file)) return [];
  const parts = readFileSync(file, 'utf8').split(/^(?=## )/m).slice(1);
  return parts.flatMap((part): [string, string][] => {
    const source = /_Source: `bench\/([^`]+)`/.exec(part)?.[1] ?? /^## (\S+\.bench\.ts)/.exec(part)?.[1];
    return source ? [[source, part.trimEnd() + '\n']] : [];
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
