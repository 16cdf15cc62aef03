// The run host's share of live output for its clients (src/runhost/liveOutput.ts): all of it at a
// readable pace, a bounded share of a flood, the newest lines always at the step's end, and the
// bytes not sent counted exactly so the printer can say "… N not shown".
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { OutputChunk } from '../../src/core/executor/types';
import { LiveOutput, type LiveBudget } from '../../src/runhost/liveOutput';

const BUDGET: LiveBudget = { burstChars: 10_000, charsPerSecond: 5_000, heldChars: 1_000 };

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const bytes = (chunks: readonly OutputChunk[]) => chunks.reduce((n, c) => n + Buffer.byteLength(c.text, 'utf8'), 0);
const skipped = (chunks: readonly OutputChunk[]) => chunks.reduce((n, c) => n + (c.skippedBytes ?? 0), 0);

test('output within the burst goes out whole, as it comes, with nothing counted as skipped', () => {
  const c = clock();
  const live = new LiveOutput(BUDGET, c.now);
  const sent: OutputChunk[] = [];
  for (let i = 0; i < 9; i++) {
    sent.push(...live.push([{ stream: i % 3 === 0 ? 'stderr' : 'stdout', text: `line ${i} ${'x'.repeat(990)}\n` }]));
    c.advance(33);
  }
  sent.push(...live.end());
  assert.equal(sent.map((s) => s.text).join(''), Array.from({ length: 9 }, (_, i) => `line ${i} ${'x'.repeat(990)}\n`).join(''));
  assert.equal(skipped(sent), 0);
});

test('a flood: at most the burst plus the rate goes out, the rest is counted byte for byte, and the last line arrives at the end', () => {
  const c = clock();
  const live = new LiveOutput(BUDGET, c.now);
  const sent: OutputChunk[] = [];
  let total = 0;
  // 2 s of 30 deliveries a second, 20,000 characters each (with two-byte and four-byte characters).
  for (let i = 0; i < 60; i++) {
    const text = `${i}: ${'é🙂abc\n'.repeat(2_500)}`.slice(0, 20_000);
    total += Buffer.byteLength(text, 'utf8');
    sent.push(...live.push([{ stream: 'stdout', text }]));
    c.advance(33);
  }
  const last = 'the end\n';
  total += last.length;
  sent.push(...live.push([{ stream: 'stdout', text: last }]));
  sent.push(...live.end());
  const chars = sent.reduce((n, s) => n + s.text.length, 0);
  assert.ok(chars <= BUDGET.burstChars + 2 * BUDGET.charsPerSecond + BUDGET.heldChars, `sent ${chars} characters`);
  assert.ok(chars >= BUDGET.burstChars, 'the burst went out');
  assert.equal(bytes(sent) + skipped(sent), total, 'sent + skipped is every byte');
  assert.ok(sent.map((s) => s.text).join('').endsWith(`\n${last}`), 'the newest lines, from a line start, end the live view');
  assert.ok(sent.every((s) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(s.text)), 'no surrogate pair split');
});

test('bytes the executor already skipped are passed on, and counted with the host\'s own', () => {
  const c = clock();
  const live = new LiveOutput(BUDGET, c.now);
  const sent = [...live.push([{ stream: 'stdout', text: 'a\n', skippedBytes: 4096 }, { stream: 'stderr', text: 'b\n' }]), ...live.end()];
  assert.equal(skipped(sent), 4096);
  assert.equal(sent.map((s) => s.text).join(''), 'a\nb\n');
  assert.deepEqual(sent.map((s) => s.stream), ['stdout', 'stderr']);
});

test('after a pause the budget refills: a later burst is shown whole again', () => {
  const c = clock();
  const live = new LiveOutput(BUDGET, c.now);
  live.push([{ stream: 'stdout', text: 'x'.repeat(50_000) }]);
  live.end();
  c.advance(3_000);
  const again = [...live.push([{ stream: 'stdout', text: 'y'.repeat(8_000) }]), ...live.end()];
  assert.equal(again.map((s) => s.text).join(''), 'y'.repeat(8_000));
  assert.equal(skipped(again), 0);
});
