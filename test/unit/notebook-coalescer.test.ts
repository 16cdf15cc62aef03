import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCoalescer } from '../../src/extension/run/coalescer';
import type { ToWebviewMessage } from '../../src/webview/protocol';

/** A manual clock: timers fire only when the test advances time. */
function clock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        due.fn();
      }
    },
  };
}

const out = (stepId: string, text: string, stream: 'stdout' | 'stderr' = 'stdout'): ToWebviewMessage => ({ type: 'output', batches: [{ stepId, stream, text }] });

test('a flood of output becomes at most one delivery per interval, with the text merged in order', () => {
  const c = clock();
  const delivered: ToWebviewMessage[] = [];
  const coalescer = new MessageCoalescer((m) => delivered.push(m), { intervalMs: 33, ...c });
  for (let i = 0; i < 1000; i++) {
    coalescer.post(out('a', `${i}\n`));
    c.advance(1); // 1000 messages over 1 second
  }
  c.advance(100);
  assert.ok(delivered.length <= 32 && delivered.length >= 29, `≈30 deliveries per second, got ${delivered.length}`);
  const text = delivered.flatMap((m) => (m.type === 'output' ? m.batches.map((b) => b.text) : [])).join('');
  assert.equal(text, Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(''));
  assert.equal(coalescer.accepted, 1000);
});

test('other messages keep their order relative to output, in one batch per delivery', () => {
  const c = clock();
  const delivered: ToWebviewMessage[] = [];
  const coalescer = new MessageCoalescer((m) => delivered.push(m), { intervalMs: 33, ...c });
  coalescer.post(out('a', 'x'));
  coalescer.post(out('a', 'y'));
  coalescer.post({ type: 'steps', steps: [{ stepId: 'a', status: 'passed' }] });
  coalescer.post(out('b', 'z', 'stderr'));
  c.advance(0);
  assert.equal(delivered.length, 1);
  const batch = delivered[0]!;
  assert.equal(batch.type, 'batch');
  assert.deepEqual(batch.type === 'batch' && batch.messages.map((m) => m.type), ['output', 'steps', 'output']);
  assert.deepEqual(batch.type === 'batch' && batch.messages[0], { type: 'output', batches: [{ stepId: 'a', stream: 'stdout', text: 'xy' }] });
});

test('each delivery is bounded: older text is dropped and counted, the tail kept from a line start', () => {
  const c = clock();
  const delivered: ToWebviewMessage[] = [];
  const coalescer = new MessageCoalescer((m) => delivered.push(m), { intervalMs: 33, maxCharsPerStep: 1000, ...c });
  coalescer.post(out('a', 'first\n'));
  c.advance(0); // the first message goes out at once (leading edge)
  const line = `${'x'.repeat(99)}\n`;
  for (let i = 0; i < 100; i++) coalescer.post(out('a', line)); // 10,000 chars within one interval
  c.advance(33);
  assert.equal(delivered.length, 2);
  const second = delivered[1]!;
  assert.equal(second.type, 'output');
  const batch = second.type === 'output' ? second.batches[0]! : undefined;
  assert.ok(batch && batch.text.length <= 1000);
  assert.ok(batch!.text.startsWith('x'), 'the kept part starts at a line');
  assert.equal(batch!.droppedBytes! + Buffer.byteLength(batch!.text), 100 * line.length);
});

test('flush delivers at once; dispose drops what is queued', () => {
  const c = clock();
  const delivered: ToWebviewMessage[] = [];
  const coalescer = new MessageCoalescer((m) => delivered.push(m), { intervalMs: 1000, ...c });
  coalescer.post({ type: 'clearOutput', stepId: 'a' });
  c.advance(0);
  coalescer.post({ type: 'clearOutput', stepId: 'b' });
  coalescer.flush();
  assert.equal(delivered.length, 2);
  coalescer.post({ type: 'clearOutput', stepId: 'c' });
  coalescer.dispose();
  c.advance(5000);
  assert.equal(delivered.length, 2);
});
