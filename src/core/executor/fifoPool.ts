// The FIFOs steps write their stdout and stderr into, for the live shell (liveShell.ts, where bash
// makes them) and for one-spawn steps (stepFifos.ts, where a spawn of mkfifo does): made in
// batches, lent two at a time, and taken back only once every writer has closed them (their
// reader saw the end), so what a process a step left behind writes never lands in a later step's
// output. Otherwise they are removed.
import { join } from 'node:path';
import { removeFile } from './removeFile';

/** Two steps' worth per batch: one mkfifo for every second step at most. */
const FIFO_BATCH = 4;

export class FifoPool {
  private readonly free: string[] = [];
  private seq = 0;

  constructor(
    readonly dir: string,
    private readonly prefix: string,
  ) {}

  /** Paths for the next batch, not made yet: once the caller made them, it `add`s them. */
  nextBatch(): string[] {
    return Array.from({ length: FIFO_BATCH }, () => join(this.dir, `${this.prefix}${this.seq++}`));
  }

  /** FIFOs that now exist. */
  add(paths: readonly string[]): void {
    this.free.push(...paths);
  }

  /** A step's two FIFOs (stdout, stderr), or undefined when a batch must be made first. */
  take(): [string, string] | undefined {
    return this.free.length >= 2 ? [this.free.shift()!, this.free.shift()!] : undefined;
  }

  /** `reusable`: every writer closed them. Otherwise they are removed, never lent again. */
  giveBack(pair: readonly string[], reusable: boolean): void {
    if (reusable) this.free.push(...pair);
    else pair.forEach(removeFile);
  }
}
