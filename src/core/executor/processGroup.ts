// Signalling and probing a step's process group (POSIX). A killed child whose parent already
// exited is a zombie until init reaps it, and `kill(-pgid, 0)` still succeeds for zombies; on
// Linux we therefore look at /proc and count only live members.
import { readdirSync, readFileSync } from 'node:fs';

export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

export function groupHasLiveMembers(pgid: number, platform: NodeJS.Platform): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (platform !== 'linux') return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue; // not a pid
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
      if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') return true;
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

/**
 * Live descendants of `pid` that left its process group (e.g. with `setsid`), found by walking
 * /proc's parent links (Linux only; elsewhere none). Taken while the step's main process still
 * runs, so cancel and timeout can end them too; after a normal end they count as deliberately
 * detached (a daemon the step started) and are left alone.
 */
export function escapedDescendants(pid: number, platform: NodeJS.Platform): number[] {
  if (platform !== 'linux') return [];
  const parentOf = new Map<number, number>();
  const groupOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
      if (rest[0] === 'Z' || rest[0] === 'X') continue;
      parentOf.set(Number(entry), Number(rest[1]));
      groupOf.set(Number(entry), Number(rest[2]));
    } catch {
      // exited meanwhile
    }
  }
  const inTree = new Set([pid]);
  // Parents come before children in no particular order: repeat until nothing is added.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parentOf) {
      if (!inTree.has(child) && inTree.has(parent)) {
        inTree.add(child);
        grew = true;
      }
    }
  }
  return [...inTree].filter((p) => p !== pid && groupOf.get(p) !== pid);
}

/** Sends `signal` to each pid that still exists; returns those that did. */
export function signalEach(pids: readonly number[], signal: NodeJS.Signals | 0): number[] {
  return pids.filter((p) => {
    try {
      process.kill(p, signal);
      return true;
    } catch {
      return false;
    }
  });
}
