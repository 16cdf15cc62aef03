// What a client finds in a session directory: a live run host, none, or a dead one (kill -9,
// OOM, reboot). A dead host's run is cleaned up by the first client that notices: its step
// processes (found by the step mark in their environment, which survives setsid and
// re-parenting) are killed, the running step is recorded as interrupted, and the stale host
// files are removed. The session stays unfinished, so `runbook run --resume` continues it.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunbook } from '../core/format';
import { sha256 } from '../core/session/chain';
import { readSessionState, resumeSession, type SessionState } from '../core/session';
import { isLockedByLiveProcess } from '../core/session/lock';
import { hostAlive, markedProcesses, readHostInfo, removeHostFiles } from './files';
import { SOCKET_FILE, type HostInfo } from './protocol';

export type HostStatus =
  | { readonly kind: 'live'; readonly info: HostInfo }
  | { readonly kind: 'none' }
  | { readonly kind: 'dead'; readonly info: HostInfo; readonly killed: number; readonly interrupted: readonly string[] };

export async function inspectRunHost(dir: string): Promise<HostStatus> {
  const info = readHostInfo(dir);
  if (!info) {
    // A socket with no host.json is stale (nobody answers on it), unless a live process holds the
    // session: a run host that has bound its socket and not yet written host.json. Removing that
    // one made the starting host fail (seen when two `run --resume` of one session raced).
    if (existsSync(join(dir, SOCKET_FILE)) && !(await isLockedByLiveProcess(dir))) removeHostFiles(dir);
    return { kind: 'none' };
  }
  if (hostAlive(info)) return { kind: 'live', info };
  return { kind: 'dead', info, ...(await recoverDeadHost(dir, info)) };
}

/** Each session directory under `sessionsDir` with its run host's status (dead hosts cleaned up on the way). */
export async function runHostsUnder(sessionsDir: string): Promise<{ readonly dir: string; readonly status: HostStatus }[]> {
  let names: string[];
  try {
    names = readdirSync(sessionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return []; // no sessions yet
  }
  const out: { dir: string; status: HostStatus }[] = [];
  for (const name of names) {
    const dir = join(sessionsDir, name);
    const status = await inspectRunHost(dir).catch(() => undefined);
    if (status) out.push({ dir, status });
  }
  return out;
}

/** One sentence for people about a dead host the caller just cleaned up (CLI commands, the panel). */
export function deadHostSentence(status: Extract<HostStatus, { kind: 'dead' }>): string {
  const interrupted = status.interrupted.length > 0 ? status.interrupted.join(', ') : 'no step';
  return `the run host (pid ${status.info.pid}) had died; recorded ${interrupted} as interrupted and ended ${status.killed} leftover process${status.killed === 1 ? '' : 'es'}`;
}

/** Ends every process still carrying the session's step mark (they may fork meanwhile: repeat). */
export function killMarkedProcesses(sessionId: string, since = 0): number {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = markedProcesses(sessionId, since);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
  }
  return killed;
}

async function recoverDeadHost(dir: string, info: HostInfo): Promise<{ killed: number; interrupted: string[] }> {
  const killed = killMarkedProcesses(info.sessionId);
  const state = await readSessionState(dir);
  const interrupted = Object.entries(state.steps).filter(([, s]) => s.status === 'interrupted').map(([id]) => id);
  if (!state.endedAt) {
    const text = await runbookTextOf(state);
    const session = await resumeSession(dir, text);
    try {
      const steps = parseRunbook(text).steps;
      const now = new Date().toISOString();
      for (const id of interrupted) {
        const step = steps.find((s) => s.id === id);
        if (!step) continue;
        const startedAt = info.currentStep === id && info.since ? info.since : now;
        await session.onStepEnd?.(step, {
          stepId: id, status: 'interrupted', exitCode: null, durationMs: Math.max(0, Date.parse(now) - Date.parse(startedAt)),
          reason: `the run host (pid ${info.pid}) was killed; ${killed} leftover process${killed === 1 ? '' : 'es'} ended`,
          startedAt, endedAt: now, output: { bytes: 0, sha256: '', tail: '', truncated: false },
        });
      }
    } finally {
      await session.release();
    }
  }
  removeHostFiles(dir);
  return { killed, interrupted };
}

/** The runbook as the session ran it: the file if it is unchanged, else the latest snapshot. */
export async function runbookTextOf(state: SessionState): Promise<string> {
  const known = new Set([state.runbookSha256, ...state.snapshots.map((s) => s.textSha256)]);
  const current = await readFile(state.runbookPath, 'utf8').catch(() => undefined);
  if (current !== undefined && known.has(sha256(current))) return current;
  const latest = state.snapshots[state.snapshots.length - 1]?.file ?? 'runbook.md';
  return readFile(join(state.dir, latest), 'utf8');
}
