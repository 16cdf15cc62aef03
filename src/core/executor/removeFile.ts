// Removing one file that may already be gone: a step's script, a state dump, a FIFO, the run
// host's socket. unlinkSync rather than fs.rmSync({ force }): rmSync loads Node's rimraf module
// on first use, and in the run host a built-in loaded after its start compiles without Node's
// code cache (its V8 flags: src/cli/heapTuning.ts).
import { unlinkSync } from 'node:fs';

/** Unlinks `path`; quiet when it is gone (or cannot be removed: its directory goes later). */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
