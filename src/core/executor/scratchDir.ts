// A run's scratch directory: its steps' scripts and its live shell's files, among them the state
// dumps that hold the environment (secrets included). The run removes it at its end; a process
// that is killed (SIGKILL, the OOM killer, a crash of the machine's session) cannot. So each
// directory is named for the process that made it, `runbook-<pid namespace>-<pid>-XXXXXX`, and the
// first run of every later process removes those whose process is gone (sweepOrphans).
import { accessSync, constants, mkdtempSync, readlinkSync, statSync } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidExists } from './processes';

/**
 * Scripts and state dumps go to memory-backed /dev/shm when the host has it: nothing reaches a
 * disk, and creating files there is ~10× cheaper than on ext4.
 */
export function defaultScratchBase(): string {
  if (scratchBase === undefined) {
    scratchBase = tmpdir();
    try {
      accessSync('/dev/shm', constants.W_OK | constants.X_OK);
      if (statSync('/dev/shm').isDirectory()) scratchBase = '/dev/shm';
    } catch {
      // no /dev/shm (macOS, Windows, some containers)
    }
  }
  return scratchBase;
}
let scratchBase: string | undefined;

/**
 * This process's pid namespace (Linux), so that a process in another namespace that shares the
 * directory (a container sharing /dev/shm) is never taken for a dead one: its pids mean nothing here.
 */
function pidNamespace(): string {
  if (namespace === undefined) {
    try {
      namespace = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0';
    } catch {
      namespace = '0';
    }
  }
  return namespace;
}
let namespace: string | undefined;

/** Makes a run's scratch directory (0700) in `base`; the first call of a process also sweeps `base`'s orphans. */
export function makeScratchDir(base: string): string {
  if (!swept.has(base)) {
    swept.add(base);
    // In the background: nothing of the run waits for it.
    void sweepOrphans(base).catch(() => undefined);
  }
  return mkdtempSync(join(base, `runbook-${pidNamespace()}-${process.pid}-`));
}
const swept = new Set<string>();

/**
 * Removes the scratch directories in `base` left by processes of this pid namespace that are gone
 * (and owned by this user); returns how many. A directory of an older Runbook (no pid in its
 * name) is left alone: there is no knowing whether its process lives.
 */
export async function sweepOrphans(base: string): Promise<number> {
  const prefix = `runbook-${pidNamespace()}-`;
  let removed = 0;
  for (const name of await readdir(base)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length, name.indexOf('-', prefix.length)));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || pidExists(pid)) continue;
    const dir = join(base, name);
    try {
      const stat = await lstat(dir);
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
      await rm(dir, { recursive: true, force: true });
      removed += 1;
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
