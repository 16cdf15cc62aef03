// FIFOs for a one-spawn step's stdout and stderr (not on Windows), so its output is read like the
// live shell's: into one reused buffer (fifoOutput.ts), where child_process's pipes allocate a
// fresh buffer per read. Made by `mkfifo` in batches in the run's scratch directory (one spawn
// for the run, not one per step) and reused only once every writer has closed them, so what a
// process a step left behind writes never lands in a later step's output. Without `mkfifo`, or
// when it fails, the run's one-spawn steps keep child_process's pipes.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findExecutable } from './which';
import { removeFile } from './removeFile';

/** Two steps' worth per mkfifo. */
const FIFO_BATCH = 4;

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
  private dir?: string;
  private free: string[] = [];
  private unavailable = false;
  private seq = 0;

  constructor(private readonly platform: NodeJS.Platform) {}

  /** Two FIFOs in the run's scratch directory `dir`, or undefined: use pipes. */
  async take(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<LentFifos | undefined> {
    if (this.platform === 'win32') return undefined;
    if (dir !== this.dir) {
      // A new run: the last one's directory, and its FIFOs, are gone.
      this.dir = dir;
      this.free = [];
      this.unavailable = false;
    }
    if (this.unavailable) return undefined;
    if (this.free.length < 2) {
      const made = Array.from({ length: FIFO_BATCH }, () => join(dir, `fifo-${++this.seq}`));
      const mkfifo = findExecutable('mkfifo', env, this.platform);
      if (!mkfifo || !(await succeeds(mkfifo, ['-m', '600', ...made]))) {
        this.unavailable = true;
        return undefined;
      }
      if (this.dir !== dir) return undefined;
      this.free.push(...made);
    }
    const out = this.free.shift()!;
    const err = this.free.shift()!;
    return { out, err, giveBack: (reusable) => this.giveBack([out, err], reusable) };
  }

  private giveBack(paths: readonly string[], reusable: boolean): void {
    if (reusable && dirname(paths[0]!) === this.dir) this.free.push(...paths);
    else paths.forEach(removeFile);
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

