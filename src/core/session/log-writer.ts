// Appends hash-chained lines to a session's event log through one file descriptor, each append
// followed by fsync, so a `kill -9` at any moment loses nothing already reported. Appends are
// queued: observers may call concurrently, the log stays strictly ordered.
//
// The writes, fsyncs and the identity check are synchronous system calls: each is a few
// microseconds (an fsync what the disk takes), and an append through fs/promises cost three
// thread-pool round trips per event on a run's critical path (docs/performance.md, CLI section).
// The fsync of a step's start is waited for either way (the write-ahead rule).
//
// Group commit: appendGrouped() writes at once but leaves the fsync to the next append() (which
// covers every byte written before it), or to a timer groupCommit.maxWaitMs later when none comes.
// Whoever shows a grouped event waits on durable() first, so an event is still on disk before
// it is shown. A run uses it for a step's end, which the next step's start then makes durable:
// one fsync per step instead of two.
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { serializeLine } from './chain';
import { holdReserve, releaseReserve } from './diskReserve';
import type { EventPayload } from './events';
import { errorMessage } from '../text/errorMessage';

/** How long a grouped event waits for an fsync to share before it gets its own (tests may raise it). */
export const groupCommit = { maxWaitMs: 50 };

/** The file system seam: tests wrap `write` and `sync` to count fsyncs per step and the bytes they cover. */
export const logFileSystem = {
  open: (file: string, flags: string | number): number => openSync(file, flags),
  write: (fd: number, bytes: Buffer, offset: number, length: number): number => writeSync(fd, bytes, offset, length),
  sync: (fd: number): void => fsyncSync(fd),
};

export class LogWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Bytes written but not yet fsync'd (grouped appends), and who waits for them. */
  private unsynced = false;
  private syncWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private syncTimer?: NodeJS.Timeout;

  private constructor(
    private readonly fd: number,
    private seq: number,
    private prev: string,
    readonly file: string,
    private size: number,
    /** The open file's identity: the name must still lead to it (checkStillThere). */
    private readonly identity: { readonly dev: number; readonly ino: number },
  ) {}

  /** Opens for appending; `seq`/`prev` continue an existing chain (0 / GENESIS for a new log). */
  static async open(file: string, seq: number, prev: string, create: boolean): Promise<LogWriter> {
    // O_NOFOLLOW: a resumed session's log that was replaced by a symlink is refused, not followed.
    // O_APPEND, also for a new log: after a failed append is cut back (ftruncate), the next write
    // lands at the new end, not at the old file offset past it (which would leave a hole of NULs).
    const append = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW;
    const fd = logFileSystem.open(file, create ? append | constants.O_CREAT | constants.O_EXCL : append);
    try {
      const opened = fstatSync(fd);
      holdReserve(dirname(file));
      return new LogWriter(fd, seq, prev, file, opened.size, { dev: opened.dev, ino: opened.ino });
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Cuts the file back to `size` bytes (a torn last line a resume drops) before the first append. */
  async truncateTo(size: number): Promise<void> {
    ftruncateSync(this.fd, size);
    this.size = size;
  }

  get headHash(): string {
    return this.prev;
  }

  /** Appends events as one write, then fsyncs. Resolves when they are on disk. */
  append(...payloads: EventPayload[]): Promise<void> {
    return this.enqueue(payloads, true);
  }

  /**
   * Appends events as one write; the fsync comes with the next append() or groupCommit.maxWaitMs later.
   * Resolves when written (not yet durable): show them only after durable() resolves.
   */
  appendGrouped(...payloads: EventPayload[]): Promise<void> {
    return this.enqueue(payloads, false);
  }

  /** Resolves when every event appended so far is on disk (rejects if that fsync failed). */
  durable(): Promise<void> {
    return this.queue.then(() => (this.unsynced ? new Promise<void>((resolve, reject) => this.syncWaiters.push({ resolve, reject })) : undefined));
  }

  private enqueue(payloads: EventPayload[], sync: boolean): Promise<void> {
    const run = (): void => {
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
        try {
          this.write(bytes);
        } catch (error) {
          // The disk is full (a step's output filled it): use the space held back for the log, once.
          if (!isDiskFull(error) || !releaseReserve(dirname(this.file))) throw error;
          ftruncateSync(this.fd, this.size);
          this.write(bytes);
        }
        if (sync) this.sync();
      } catch (error) {
        // A full disk can leave part of the lines written: cut back to the last whole event, so
        // the log stays readable and a later append (after space is freed) continues the chain.
        try {
          ftruncateSync(this.fd, this.size);
        } catch {
          // the log keeps a torn last line, which a resume drops
        }
        throw new Error(`cannot append to the session log ${this.file}: ${errorMessage(error)} (the log is intact up to event ${this.seq}; free space, then resume the session)`, { cause: error });
      }
      this.size += bytes.length;
      this.seq = seq;
      this.prev = prev;
      if (!sync) this.deferSync();
      this.checkStillThere();
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A write may be partial (a nearly full disk): continue until all is written or it throws. */
  private write(bytes: Buffer): void {
    for (let off = 0; off < bytes.length; ) off += logFileSystem.write(this.fd, bytes, off, bytes.length - off);
  }

  /** fsync, then release whoever waits for grouped events (they are on disk now, or never will be). */
  private sync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    this.unsynced = false;
    try {
      logFileSystem.sync(this.fd);
    } catch (error) {
      const failed = new Error(`cannot sync the session log ${this.file}: ${errorMessage(error)}`, { cause: error });
      for (const w of waiters) w.reject(failed);
      throw error;
    }
    for (const w of waiters) w.resolve();
  }

  private deferSync(): void {
    this.unsynced = true;
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      // Through the queue: after any write already under way, never concurrently with one.
      const run = () => (this.unsynced && !this.closed ? this.sync() : undefined);
      this.queue = this.queue.then(run, run).catch(() => undefined);
    }, groupCommit.maxWaitMs);
  }

  /**
   * The session directory removed (or the log replaced) during a run: appends would go to a
   * deleted file. Say so instead of reporting a session that is not on disk.
   */
  private checkStillThere(): void {
    let onDisk: { ino: number; dev: number } | undefined;
    try {
      onDisk = statSync(this.file);
    } catch {
      onDisk = undefined;
    }
    if (onDisk && onDisk.ino === this.identity.ino && onDisk.dev === this.identity.dev) return;
    throw new Error(`the session log ${this.file} was deleted or replaced during the run, so events are no longer recorded; do not remove session directories while a run is recording`);
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    if (this.unsynced) {
      try {
        this.sync();
      } catch {
        // reported to whoever waited on durable()
      }
    }
    this.closed = true;
    closeSync(this.fd);
    releaseReserve(dirname(this.file));
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
