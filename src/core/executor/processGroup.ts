// Signalling and probing a step's process group (POSIX). A killed child whose parent already
// exited is a zombie until init reaps it, and `kill(-pgid, 0)` still succeeds for zombies; on
// Linux we therefore look at /proc (through processes.ts) and count only live members.
import { listProcesses } from './processes';

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
  // The group's members were all started after its leader (the step's main process).
  return listProcesses({ since: { pid: pgid, startTime: 0 } }).some((p) => p.pgid === pgid);
}
