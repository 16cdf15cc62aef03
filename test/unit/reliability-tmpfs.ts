// Small disks for the full-disk tests: a tmpfs of a given size at a new directory (root only),
// unmounted when the test file ends. Shared by reliability-faults and reliability-atomic-writes.
import { after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stack trace line: user-facing errors must never contain one. */
export const STACK = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at \S+:\d+:\d+$/m;

const mounts: string[] = [];
after(() => {
  for (const dir of mounts) {
    try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* already gone */ }
    try { rmdirSync(dir); } catch { /* still busy: the test run's TMPDIR goes with it */ }
  }
});

/** Mounts a tmpfs of `size` at a new directory, or returns why it cannot (not root, no mount). */
export function tmpfs(size: string): string | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(dir);
    return { skip: `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}): run as root to test a full or read-only disk` };
  }
  mounts.push(dir);
  return dir;
}
