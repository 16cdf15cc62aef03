// Tracks every process a step started for the step's whole life, even those that left its
// process group (`setsid`), were re-parented to init by a double fork, or both. A process is the
// step's when its environment carries the step's unique RUNBOOK_STEP_TOKEN (survives setsid and
// re-parenting) or when its parent was already known to be the step's (covers a child that
// cleared its environment, e.g. under `env -i`, seen while its parent lived). /proc is polled
// only while the step runs (every `pollMs`) and once at its end. Linux only; elsewhere the
// process group is all there is.
import { randomBytes } from 'node:crypto';
import { carriesToken, listProcesses, readProcess, terminateProcesses, type ProcessRef } from './processes';

/** How often /proc is walked while a step runs (only processes started since the step are read). */
export const TRACK_POLL_MS = 500;

/** Random per process; a counter makes each step's token unique without a random read per step. */
const tokenPrefix = randomBytes(12).toString('hex');
let tokenCount = 0;

export function newStepToken(): string {
  tokenCount += 1;
  return `${tokenPrefix}${tokenCount.toString(36)}`;
}

export class StepTracker {
  /** pid → start time of the step's processes (the main process included). */
  private readonly ours = new Map<number, number>();
  /** pid → start time of processes seen and found not to be the step's (not re-read). */
  private readonly others = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  /** The step's main process: everything of the step started after it. */
  private readonly root: ProcessRef;

  /**
   * `firstPid`: the first pid the step's processes can have, when the main process is older than
   * the step (a live shell that runs many steps): only pids allocated since are read. Its start
   * time, `rootStartTime`, is then known from its first step.
   */
  constructor(
    private readonly rootPid: number,
    private readonly token: string,
    private readonly firstPid = rootPid,
    rootStartTime?: number,
  ) {
    // Read right after spawn; if it already exited, any start time after boot is accepted.
    this.root = { pid: rootPid, startTime: rootStartTime ?? readProcess(rootPid)?.startTime ?? 0 };
  }

  /** The main process's start time (0: it had exited when the tracker was made). */
  get rootStartTime(): number {
    return this.root.startTime;
  }

  /** Starts polling; `stopPolling` (or `terminate`) ends it. */
  startPolling(pollMs = TRACK_POLL_MS): void {
    this.timer = setInterval(() => this.scan(), pollMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One walk of /proc: adds the step's new processes, forgets those that are gone. */
  scan(): void {
    const live = listProcesses({ since: { pid: this.firstPid, startTime: this.root.startTime } });
    if (this.firstPid > this.rootPid) {
      const root = readProcess(this.rootPid);
      if (root?.startTime === this.root.startTime && root.state !== 'Z') live.push(root);
    }
    const seen = new Set<number>();
    const unknown: { pid: number; ppid: number; startTime: number; pgid: number }[] = [];
    for (const p of live) {
      seen.add(p.pid);
      if (this.ours.get(p.pid) === p.startTime || this.others.get(p.pid) === p.startTime) continue;
      unknown.push(p);
    }
    // Parents may be listed after their children: repeat until nothing is added.
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of unknown) {
        if (this.ours.has(p.pid) && this.ours.get(p.pid) === p.startTime) continue;
        if (p.pid === this.rootPid || p.pgid === this.rootPid || this.ours.has(p.ppid) || carriesToken(p.pid, this.token)) {
          this.ours.set(p.pid, p.startTime);
          this.others.delete(p.pid);
          grew = true;
        }
      }
    }
    for (const p of unknown) if (this.ours.get(p.pid) !== p.startTime) this.others.set(p.pid, p.startTime);
    for (const map of [this.ours, this.others]) for (const pid of map.keys()) if (!seen.has(pid)) map.delete(pid);
  }

  /** The step's live processes as last scanned (the main process left out). */
  processes(): ProcessRef[] {
    return [...this.ours].filter(([pid]) => pid !== this.rootPid).map(([pid, startTime]) => ({ pid, startTime }));
  }

  /** Stops polling, scans once more, and ends every process of the step (SIGTERM, then SIGKILL). */
  async terminate(graceMs: number): Promise<void> {
    this.stopPolling();
    this.scan();
    await terminateProcesses(this.processes(), graceMs);
  }
}
