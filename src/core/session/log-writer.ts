// Appends hash-chained lines to a session's event log through one file handle, each append
// followed by fsync, so a `kill -9` at any moment loses nothing already reported. Appends are
// queued: observers may call concurrently, the log stays strictly ordered.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { serializeLine } from './chain';
import type { EventPayload } from './events';

export class LogWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly handle: FileHandle, private seq: number, private prev: string, readonly file: string, private size: number) {}

  /** Opens for appending; `seq`/`prev` continue an existing chain (0 / GENESIS for a new log). */
  static async open(file: string, seq: number, prev: string, create: boolean): Promise<LogWriter> {
    // O_NOFOLLOW: a resumed session's log that was replaced by a symlink is refused, not followed.
    const handle = await open(file, create ? 'wx' : constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    return new LogWriter(handle, seq, prev, file, (await handle.stat()).size);
  }

  /** Cuts the file back to `size` bytes (a torn last line a resume drops) before the first append. */
  async truncateTo(size: number): Promise<void> {
    await this.handle.truncate(size);
    this.size = size;
  }

  get headHash(): string {
    return this.prev;
  }

  /** Appends events as one write, then fsyncs. Resolves when they are on disk. */
  append(...payloads: EventPayload[]): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.closed) throw new Error(`the session log ${this.file} is closed (the session has ended)`);
      const time = new Date().toISOString();
      let text = '';
      let { seq, prev } = this;
      for (const p of payloads) {
        const { line, hash } = serializeLine(p, seq, time, prev);
        text += `${line}\n`;
        seq += 1;
        prev = hash;
      }
      const bytes = Buffer.from(text, 'utf8');
      try {
        // A write may be partial (a nearly full disk): continue until all is written or it throws.
        for (let off = 0; off < bytes.length; ) off += (await this.handle.write(bytes, off, bytes.length - off)).bytesWritten;
        await this.handle.sync();
      } catch (error) {
        // A full disk can leave part of the lines written: cut back to the last whole event, so
        // the log stays readable and a later append (after space is freed) continues the chain.
        await this.handle.truncate(this.size).catch(() => undefined);
        throw new Error(`cannot append to the session log ${this.file}: ${(error as Error).message} (the log is intact up to event ${this.seq}; free space, then resume the session)`, { cause: error });
      }
      this.size += bytes.length;
      this.seq = seq;
      this.prev = prev;
      await this.checkStillThere();
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The session directory removed (or the log replaced) during a run: appends would go to a
   * deleted file. Say so instead of reporting a session that is not on disk.
   */
  private async checkStillThere(): Promise<void> {
    const [onDisk, own] = await Promise.all([stat(this.file).catch(() => undefined), this.handle.stat()]);
    if (onDisk && onDisk.ino === own.ino && onDisk.dev === own.dev) return;
    throw new Error(`the session log ${this.file} was deleted or replaced during the run, so events are no longer recorded; do not remove session directories while a run is recording`);
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
