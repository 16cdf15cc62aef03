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
