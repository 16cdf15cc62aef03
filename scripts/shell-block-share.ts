// Measures how the shell blocks of a folder of Markdown files split: scripts, transcripts (both
// runnable), blocks that cannot be split safely, and session blocks that are documentation.
// Usage: node --import tsx scripts/shell-block-share.ts DIR  (docs/format.md records the result).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parseInfoString } from '../src/core/format/attributes';
import { promptStyleFor, splitTranscript } from '../src/core/format/transcript';
import { isSessionLanguage } from '../src/core/format/transcriptStep';
import { LANGUAGE_RUNNERS } from '../src/core/format/languages';

const md = new MarkdownIt({ html: true });
md.core.ruler.disable(['inline']);

function* markdownFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (/\.(md|markdown)$/i.test(entry)) yield path;
  }
}

const counts = { files: 0, blocks: 0, script: 0, transcript: 0, unsplittable: 0, documentation: 0 };
for (const file of markdownFiles(process.argv[2] ?? '.')) {
  counts.files++;
  for (const t of md.parse(readFileSync(file, 'utf8'), {})) {
    if (t.type !== 'fence') continue;
    const lang = parseInfoString(t.info.trim(), 1).lang.toLowerCase();
    const session = isSessionLanguage(lang);
    const runner = session ? 'bash' : LANGUAGE_RUNNERS[lang] === 'shell' ? 'bash' : LANGUAGE_RUNNERS[lang];
    const style = runner ? promptStyleFor(runner) : undefined;
    if (!style) continue;
    counts.blocks++;
    const split = splitTranscript(t.content, style);
    if (session && (split.kind === 'script' || (split.kind === 'unsplittable' && split.problem.kind === 'mixed'))) counts.documentation++;
    else counts[split.kind]++;
  }
}
const pct = (n: number) => `${((100 * n) / Math.max(1, counts.blocks)).toFixed(1)} %`;
console.log(JSON.stringify(counts));
console.log(`runnable before transcripts (scripts only): ${pct(counts.script)}; now (scripts + transcripts): ${pct(counts.script + counts.transcript)}; cannot be split: ${pct(counts.unsplittable)}; session blocks as documentation: ${pct(counts.documentation)}`);
