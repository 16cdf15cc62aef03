// Hostile-input fuzzing of parse + lint: generated documents (fast-check) and mutations of the
// samples and fixtures (huge lines, deep nesting, unclosed fences, odd Unicode, NUL bytes, 10 MB).
// Each document is checked in a worker thread under a deadline, so a hang is a reported failure
// (the worker is terminated and the document saved), not a stuck test run.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

const ROOT = resolve(__dirname, '..', '..');

/** Every Markdown sample and fixture: the seeds the mutators start from. */
export function seedDocuments(): { name: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.md')) files.push(path);
    }
  };
  walk(join(ROOT, 'runbooks'));
  walk(join(ROOT, 'test', 'fixtures'));
  return files.sort().map((f) => ({ name: f.slice(ROOT.length + 1), text: readFileSync(f, 'utf8') }));
}

const ODD = ['\u0000', '\uFEFF', '\u202E', '\u2066', '\u200D', '\u2028', '\u2029', '\uD800', '\uDFFF', '\u0301', '\r', '\r\n', '\t', '\u00A0', '\u3000', '\uFFFD', '\u{1F4A9}', '\x1b[31m', '\\', '`', '~', '{', '}', '"', "'", '<', '&'];
const FRAGMENTS = ['```', '~~~', '````', '```bash', '```bash {', '```sh {#a', '```py {"name":', '{#x .y k="v"}', '}', '---', '...', '- [ ] ',
  '- [x] ', '> ', '# ', '## ', '$VAR', '${X:-y}', '%P%', '$env:Q', 'timeout=5', 'expect="("', 'variables:', '  A: {secret: true, default: 1}',
  'title: [', 'when=mac', 'norun', '```pwsh {when=windows expect-exit=0,3010}', '*a: &a [*a]', '[', ']', '(', ')', '[x](', '**', '__', '<div>', '|a|b|\n|-|-|'];

type Mutator = (text: string, rnd: () => number) => string;
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)]!;
const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));
const insert = (text: string, rnd: () => number, piece: string) => {
  const i = at(text, rnd);
  return text.slice(0, i) + piece + text.slice(i);
};

/** Named mutations: each keeps most of the seed and breaks one thing in a hostile way. */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  hugeLine: (t, r) => insert(t, r, `\n${pick(['x', '[', '$A', '`', '*', '{', '> ', '#'], r).repeat(50_000 + Math.floor(r() * 200_000))}\n`),
  deepQuote: (t, r) => insert(t, r, `\n${'> '.repeat(200 + Math.floor(r() * 3000))}\`\`\`bash\necho deep\n\`\`\`\n`),
  deepList: (t, r) => insert(t, r, `\n${Array.from({ length: 50 + Math.floor(r() * 400) }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n')}\n`),
  unclosedFence: (t, r) => insert(t, r, `\n${pick(['```bash', '~~~sh {#open}', '````', '```bash {timeout=', '```'], r)}\n`),
  dropClosingFences: (t) => t.replace(/^(```|~~~)\s*$/gm, ''),
  manyFences: (t, r) => insert(t, r, '\n```bash\necho x\n```\n'.repeat(100 + Math.floor(r() * 3000))),
  oddUnicode: (t, r) => {
    let out = t;
    for (let i = 0; i < 1 + r() * 30; i++) out = insert(out, r, pick(ODD, r));
    return out;
  },
  nulBytes: (t, r) => {
    let out = t;
    for (let i = 0; i < 1 + r() * 20; i++) out = insert(out, r, '\u0000'.repeat(1 + Math.floor(r() * 100)));
    return out;
  },
  fragments: (t, r) => {
    let out = t;
    for (let i = 0; i < 1 + r() * 20; i++) out = insert(out, r, pick(FRAGMENTS, r));
    return out;
  },
  truncate: (t, r) => t.slice(0, at(t, r)),
  deleteRange: (t, r) => {
    const a = at(t, r);
    return t.slice(0, a) + t.slice(Math.min(t.length, a + Math.floor(r() * 400)));
  },
  duplicateRange: (t, r) => {
    const a = at(t, r);
    const piece = t.slice(a, a + Math.floor(r() * 2000));
    return t.slice(0, a) + piece.repeat(2 + Math.floor(r() * 50)) + t.slice(a);
  },
  lineEndings: (t, r) => t.replace(/\n/g, () => pick(['\n', '\r\n', '\r', '\n\n'], r)),
  swapLines: (t, r) => {
    const lines = t.split('\n');
    for (let i = 0; i < 1 + r() * 10; i++) {
      const a = Math.floor(r() * lines.length);
      const b = Math.floor(r() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    }
    return lines.join('\n');
  },
  charFlips: (t, r) => {
    const chars = [...t];
    for (let i = 0; i < 1 + r() * 40 && chars.length; i++) chars[Math.floor(r() * chars.length)] = String.fromCharCode(Math.floor(r() * 0x3000));
    return chars.join('');
  },
  frontMatterChaos: (t, r) => `---\n${pick(['a: &a [*a]', 'variables: [', 'variables:\n  X: {secret: true, default: 1}\n  X: 2', 'title: !!binary x', 'shell: 42', '? [a]\n: b', 'a: &x 1\nb: [*x, *x, *x, *x]', '---'], r)}\n---\n${t}`,
  attributeChaos: (t, r) => t.replace(/^(```|~~~)([a-z]+)[^\n]*$/gm, (_m, f: string, lang: string) => `${f}${lang} {${pick(['#', 'id=', 'timeout=9999999999999d', 'expect-exit=,,,', 'expect="(?<a>"', 'cwd=../../../../etc', 'name=' + '"'.repeat(50), '.'.repeat(500), '#a #b #c', '{{{}}}', 'when=\u0000'], r)}}`),
};

/** A fast-check arbitrary of Markdown-ish documents built from runbook fragments and odd text. */
export const generatedDocument = fc
  .array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...FRAGMENTS, ...ODD, '\n', '\n\n', '  ', '\t')), { maxLength: 80 })
  .map((parts) => parts.join(''));

/** A seeded PRNG (mulberry32): the same seed gives the same corpus, so a failure reproduces. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  readonly name: string;
  readonly text: string;
}

/** `generated` fast-check documents, then `mutated` mutations (1–3 mutators each) of the seeds. */
export function* corpus(options: { generated: number; mutated: number; seed: number }): Generator<FuzzCase> {
  const docs = fc.sample(generatedDocument, { numRuns: options.generated, seed: options.seed });
  for (const [i, text] of docs.entries()) yield { name: `generated #${i}`, text };
  const seeds = seedDocuments();
  const names = Object.keys(MUTATORS);
  const rnd = prng(options.seed);
  for (let i = 0; i < options.mutated; i++) {
    const seed = seeds[i % seeds.length]!;
    let text = seed.text;
    const applied: string[] = [];
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const name = pick(names, rnd);
      applied.push(name);
      text = MUTATORS[name]!(text, rnd);
    }
    yield { name: `${seed.name} + ${applied.join(' + ')} (#${i})`, text };
  }
}

/** A ~10 MB runbook: many steps, long lines, tasks and variables. */
export function tenMegabyteRunbook(): string {
  const block = ['## Section', '', 'Some prose with a [link](http://x) and `code` and **bold**.', '', '```bash {timeout=5s}', 'echo "$HOST ${PORT:-22}" # ' + 'x'.repeat(300), '```', '', '- [ ] verify the thing', ''].join('\n');
  return `---\ntitle: Ten megabytes\nvariables:\n  HOST: {default: localhost}\n---\n# Big\n\n${block.repeat(Math.ceil((10 * 1024 * 1024) / block.length))}`;
}

export interface FuzzFailure {
  readonly name: string;
  readonly problem: string;
  readonly savedAs: string;
}

export interface FuzzReport {
  readonly documents: number;
  readonly bytes: number;
  readonly failures: readonly FuzzFailure[];
  readonly slowest: { name: string; ms: number; bytes: number };
  /** Documents that missed their bound once and passed on the retry. */
  readonly retried: number;
  readonly elapsedMs: number;
}

/**
 * Per-document time bound: 5 s plus 2 ms per KB (a 10 MB file gets ~25 s); measured, not slept.
 * The slowest documents (a 97 KB front-matter line of `{`, which the yaml package answers with
 * 96,000 errors in ~0.7 s, parsed twice: CLI path and language server) take ~1.5 s alone; the
 * slack absorbs a busy CI machine, and a miss is retried once in a fresh worker before it counts
 * (a hang misses twice). The quadratic cases this suite found took 4–13 s on 100–200 KB.
 */
export const timeLimitMs = (bytes: number) => 5000 + (2 * bytes) / 1024;

/** Checks each case in a worker thread; a case over its time bound terminates the worker (a hang). */
export async function fuzz(cases: Iterable<FuzzCase>): Promise<FuzzReport> {
  const saveDir = mkdtempSync(join(tmpdir(), 'rb-fuzz-failures-'));
  const failures: FuzzFailure[] = [];
  const started = Date.now();
  let worker = startWorker();
  let documents = 0;
  let bytes = 0;
  let slowest = { name: '', ms: 0, bytes: 0 };
  let retried = 0;
  const save = (c: FuzzCase, problem: string) => {
    const savedAs = join(saveDir, `case-${failures.length}.md`);
    writeFileSync(savedAs, c.text);
    failures.push({ name: c.name, problem, savedAs });
  };
  try {
    for (const c of cases) {
      documents++;
      bytes += c.text.length;
      const limit = timeLimitMs(c.text.length);
      const attempt = () => new Promise<{ ok: true; ms: number; problem?: string } | { ok: false; why: string }>((done) => {
        const timer = setTimeout(() => finish({ ok: false, why: `no answer within ${limit} ms (hang or super-linear time)` }), limit);
        const onMessage = (m: { ms: number; problem?: string }) => finish({ ok: true, ...m });
        // A crashed worker (out of memory, stack overflow outside a try) is a failure too.
        const onExit = (code: number) => finish({ ok: false, why: `the parser's worker died (exit ${code})` });
        const onError = (e: Error) => finish({ ok: false, why: `the parser's worker died: ${e.message}` });
        function finish(r: { ok: true; ms: number; problem?: string } | { ok: false; why: string }) {
          clearTimeout(timer);
          worker.off('message', onMessage).off('exit', onExit).off('error', onError);
          done(r);
        }
        worker.on('message', onMessage).on('exit', onExit).on('error', onError);
        worker.postMessage(c.text);
      });
      let result = await attempt();
      if (!result.ok) {
        retried++;
        await worker.terminate();
        worker = startWorker();
        result = await attempt();
      }
      if (!result.ok) {
        save(c, result.why);
        await worker.terminate();
        worker = startWorker();
        continue;
      }
      if (result.problem) save(c, result.problem);
      if (result.ms > slowest.ms) slowest = { name: c.name, ms: result.ms, bytes: c.text.length };
    }
  } finally {
    await worker.terminate();
  }
  return { documents, bytes, failures, slowest, retried, elapsedMs: Date.now() - started };
}

function startWorker(): Worker {
  // The worker is TypeScript: register tsx's CommonJS hook inside it, then load it (Node 20
  // workers do not take `--import tsx` for a .ts entry).
  const file = join(__dirname, 'reliability-fuzz-worker.ts');
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true });
  worker.unref();
  return worker;
}
