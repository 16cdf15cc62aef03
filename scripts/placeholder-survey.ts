// Runs the `placeholder` lint over a folder of Markdown files: how many steps and files have a
// placeholder, counts by kind, and every flagged text with its file:line (to read for false positives).
// Usage: node --import tsx scripts/placeholder-survey.ts DIR [--list]  (docs/format.md records the result).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseRunbook } from '../src/core/format/parse';

function* markdownFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (/\.(md|markdown)$/i.test(entry)) yield path;
  }
}

const dir = process.argv[2] ?? '.';
const list = process.argv.includes('--list');
const counts = { files: 0, codeSteps: 0, filesFlagged: 0, stepsFlagged: 0, placeholders: 0, quotedValues: 0 };
const texts = new Map<string, number>();
for (const file of markdownFiles(dir)) {
  counts.files++;
  const runbook = parseRunbook(readFileSync(file, 'utf8'));
  const flagged = runbook.diagnostics.filter((d) => d.code === 'placeholder');
  counts.codeSteps += runbook.steps.filter((s) => s.kind === 'code').length;
  counts.stepsFlagged += runbook.steps.filter((s) => s.kind === 'code' && s.notRunnable?.includes('placeholder')).length;
  if (flagged.length > 0) counts.filesFlagged++;
  for (const d of flagged) {
    const text = d.data!.placeholder!;
    counts.placeholders++;
    if (!text.startsWith('<')) counts.quotedValues++;
    texts.set(text, (texts.get(text) ?? 0) + 1);
    if (list) console.log(`${relative(dir, file)}:${d.line}:${d.column}: ${text} -> ${d.data!.replacement}`);
  }
}
console.log(JSON.stringify(counts));
console.log(JSON.stringify([...texts].sort((a, b) => b[1] - a[1]).slice(0, 25)));
