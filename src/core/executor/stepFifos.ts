// FIFOs for a one-spawn step's stdout and stderr (not on Windows), so its output is read like the
// live shell's: into one reused buffer (fifoOutput.ts), where child_process's pipes allocate a
// fresh buffer per read. A pool of them (fifoPool.ts) in the run's scratch directory, made by a
// spawn of `mkfifo` per batch (not one per step). Without `mkfifo`, or when it fails, the run's
// one-spawn steps keep child_process's pipes.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { FifoPool } from './fifoPool';
import { findExecutable } from './which';

/** A step's two FIFOs, lent by the pool; `giveBack` once the step's output is read. */
export interface LentFifos {
  readonly out: string;
  readonly err: string;
  /** `reusable`: every writer closed them (their reader saw the end). Otherwise they are removed. */
  giveBack(reusable: boolean): void;
}

/** The ends of a step's FIFOs: ours to read (non-blocking), the step's to write (blocking, as a pipe's). */
export interface OpenFifos {
  readonly readers: [number, number];
  readonly writers: [number, number];
}

export class StepFifos {
  /** The pool of the current run (its scratch directory); a new run starts a new one. */
  private pool?: FifoPool;
  private unavailable = false;

  constructor(private readonly platform: NodeJS.Platform) {}

  /** Two FIFOs in the run's scratch directory `dir`, or undefined: use pipes. */
  async take(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<LentFifos | undefined> {
    if (this.platform === 'win32') return undefined;
    if (dir !== this.pool?.dir) {
      // A new run: the last one's directory, and its FIFOs, are gone.
      this.pool = new FifoPool(dir, 'fifo-');
      this.unavailable = false;
    }
    if (this.unavailable) return undefined;
    const pool = this.pool;
    let pair = pool.take();
    if (!pair) {
      const batch = pool.nextBatch();
      const mkfifo = findExecutable('mkfifo', env, this.platform);
      if (!mkfifo || !(await succeeds(mkfifo, ['-m', '600', ...batch]))) {
        this.unavailable = true;
        return undefined;
      }
      if (this.pool !== pool) return undefined;
      pool.add(batch);
      pair = pool.take()!;
    }
    const [out, err] = pair;
    return { out, err, giveBack: (reusable) => pool.giveBack(pair, reusable) };
  }
}

/**
 * Opens both FIFOs: the reading end first (non-blocking, so it needs no writer), then the writing
 * end (which then opens at once). Undefined when one cannot be opened (a step removed it).
 */
export function openFifos(fifos: Pick<LentFifos, 'out' | 'err'>): OpenFifos | undefined {
  const opened: number[] = [];
  try {
    for (const path of [fifos.out, fifos.err]) opened.push(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
    for (const path of [fifos.out, fifos.err]) opened.push(openSync(path, constants.O_WRONLY));
    return { readers: [opened[0]!, opened[1]!], writers: [opened[2]!, opened[3]!] };
  } catch {
    opened.forEach((fd) => closeSync(fd));
    return undefined;
  }
}

function succeeds(file: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

