// Evidence export and verification of a large session, each against a plain baseline in the same run:
//  1. HTML export of a 500-step session with 50 MB of output (goal ≤ 1 s, file ≤ 5 MB) vs reading
//     and concatenating all 500 output files (what any export must at least touch);
//  2. `verify` of that session directory (chain + every output re-hashed) vs SHA-256 of the
//     output files alone. Wall-clock medians over several rounds, alternating which goes first.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportSession, verifyEvidence } from '../src/core/evidence';
import { parseRunbook } from '../src/core/format/parse';
import { openNewSession } from '../src/core/session';
import { outcome, writeOutput } from '../test/fixtures/session/record';
import { median } from './timing';

const STEPS = 500;
const OUTPUT_BYTES = 100 * 1024; // 500 × 100 KiB ≈ 50 MB

function output(i: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < OUTPUT_BYTES; n++) {
    const line = n % 10 === 0
      ? `\u001b[32m[ ok ]\u001b[0m step ${i} line ${n}: package \u001b[1mlibfoo-${n}\u001b[0m configured\n`
      : `step ${i} line ${n}: the quick brown fox jumps over the lazy dog 0123456789\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, OUTPUT_BYTES);
}

export async function buildBigSession(root: string): Promise<{ dir: string; files: string[] }> {
  const text = Array.from({ length: STEPS }, (_, i) => `## Step ${i}\n\n\`\`\`bash {#s${i}}\napt-get install -y libfoo-${i}\n\`\`\`\n`).join('\n');
  const runbook = parseRunbook(`# Big upgrade\n\n${text}`);
  const session = await openNewSession({
    sessionsDir: root, runbookPath: join(root, 'big.md'), runbookText: `# Big upgrade\n\n${text}`, variables: {}, secretNames: [], tool: { name: 'bench', version: '0' },
  });
  const files: string[] = [];
  for (const step of runbook.steps) {
    if (step.kind !== 'code') continue;
    await session.onStepStart?.(step, 1);
    const out = await writeOutput(session, step.id, 1, output(files.length));
    files.push(out.path);
    await session.onStepEnd?.(step, outcome(step, 'passed', out));
  }
  await session.end('passed');
  return { dir: session.dir, files };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export default async function bench(): Promise<{ title: string; markdown: string }> {
  const root = mkdtempSync(join(tmpdir(), 'rb-bench-ev-'));
  try {
    const { dir, files } = await buildBigSession(root);
    const total = (await Promise.all(files.map((f) => readFile(f)))).reduce((n, b) => n + b.length, 0);
    const concat = async () => Buffer.concat(await Promise.all(files.map((f) => readFile(f)))).length;
    const hashAll = async () => {
      for (const f of files) createHash('sha256').update(await readFile(f)).digest('hex');
    };
    let html = '';
    const rounds = 5;
    const exp: number[] = [];
    const base: number[] = [];
    const ver: number[] = [];
    const hash: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const pair = [
        async () => exp.push(await time(async () => (html = await exportSession(dir, 'html', 'runbook bench')))),
        async () => base.push(await time(concat)),
      ];
      for (const f of r % 2 ? pair.reverse() : pair) await f();
      const vpair = [async () => ver.push(await time(async () => {
        const v = await verifyEvidence(dir);
        if (!v.ok) throw new Error(v.message);
      })), async () => hash.push(await time(hashAll))];
      for (const f of r % 2 ? vpair.reverse() : vpair) await f();
    }
    const size = Buffer.byteLength(html);
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    const markdown = [
      `A session of ${STEPS} steps with ${(total / 1024 / 1024).toFixed(1)} MiB of output (ANSI-coloured lines); medians of ${rounds} rounds.`,
      '',
      '| Measure | Runbook | Baseline | Ratio | Goal |',
      '|---|---|---|---|---|',
      `| HTML export (vs read + concatenate all outputs) | ${ms(median(exp))} | ${ms(median(base))} | ${(median(exp) / median(base)).toFixed(2)}× | ≤ 1 s: ${median(exp) <= 1000 ? 'met' : 'NOT met'} |`,
      `| HTML file size | ${(size / 1024 / 1024).toFixed(2)} MiB | ${(total / 1024 / 1024).toFixed(1)} MiB of output | ${(size / total).toFixed(3)}× | ≤ 5 MB: ${size <= 5e6 ? 'met' : 'NOT met'} |`,
      `| \`verify\` session directory (vs SHA-256 of the output files) | ${ms(median(ver))} | ${ms(median(hash))} | ${(median(ver) / median(hash)).toFixed(2)}× | — |`,
      '',
      'The HTML export reads only the first 1 KiB and the last 2 KiB of each output, so it stays well under the cost of merely reading all outputs; verify must hash every byte.',
    ].join('\n');
    return { title: 'Evidence export and verify', markdown };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
