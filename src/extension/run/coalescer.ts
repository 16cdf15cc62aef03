// Coalesces messages to a webview: at most one postMessage per interval (≈30/s), consecutive
// output merged per step, and each step's share of a flush bounded (the tail is kept, the rest
// counted as dropped) so an output flood cannot swamp the webview or delay a Cancel.
// No vscode import: unit-tested and benchmarked on its own.
import type { OutputBatch, ToWebviewMessage } from '../../webview/protocol';

export interface CoalescerOptions {
  /** Minimum time between two deliveries. Default 33 ms (≈30 messages per second). */
  readonly intervalMs?: number;
  /** Characters of output kept per step per delivery (default 64 K, ≈2 MB/s at 30/s — more than anyone reads); older text in the same flush is dropped. */
  readonly maxCharsPerStep?: number;
  /** Clock and timer, replaceable in tests. */
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class MessageCoalescer {
  private queue: ToWebviewMessage[] = [];
  private timer: unknown;
  private lastDelivery = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly maxChars: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Messages delivered and messages accepted: the coalescing ratio for benchmarks. */
  delivered = 0;
  accepted = 0;

  constructor(private readonly deliver: (message: ToWebviewMessage) => void, options: CoalescerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 33;
    this.maxChars = options.maxCharsPerStep ?? 64 * 1024;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  post(message: ToWebviewMessage): void {
    this.accepted++;
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'output' && last?.type === 'output') this.queue[this.queue.length - 1] = this.mergeOutput(last.batches, message.batches);
    else if (message.type === 'output') this.queue.push(this.mergeOutput([], message.batches));
    else this.queue.push(message);
    this.schedule();
  }

  /** Delivers everything queued now (e.g. before the panel is disposed). */
  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    this.lastDelivery = this.now();
    this.delivered++;
    this.deliver(messages.length === 1 ? messages[0]! : { type: 'batch', messages });
  }

  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastDelivery + this.intervalMs - this.now();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(0, wait));
  }

  private mergeOutput(into: readonly OutputBatch[], more: readonly OutputBatch[]): ToWebviewMessage {
    const batches: Array<Mutable<OutputBatch>> = into.map((b) => ({ ...b }));
    for (const b of more) {
      // Only the last batch can grow: output of different steps or streams keeps its order.
      const tail = batches[batches.length - 1];
      const same = tail && tail.stepId === b.stepId && tail.stream === b.stream ? tail : undefined;
      const target = same ?? batches[batches.push({ stepId: b.stepId, stream: b.stream, text: '' }) - 1]!;
      target.text += b.text;
      if (b.droppedBytes) target.droppedBytes = (target.droppedBytes ?? 0) + b.droppedBytes;
      if (target.text.length > this.maxChars) {
        const cut = target.text.length - this.maxChars;
        // Cut at a line start when one is near, so the kept part starts cleanly.
        const newline = target.text.indexOf('\n', cut);
        const at = newline !== -1 && newline - cut < 4096 ? newline + 1 : cut;
        target.droppedBytes = (target.droppedBytes ?? 0) + Buffer.byteLength(target.text.slice(0, at));
        target.text = target.text.slice(at);
      }
    }
    return { type: 'output', batches };
  }
}
