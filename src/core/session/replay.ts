// Replays a parsed event log into the SessionState a UI or an export needs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionSnapshot, SessionState, SessionStepState } from './api';
import { parseLog, type ParsedLog } from './chain';
import { LOG_FILE } from './events';
import { isLockedByLiveProcess } from './lock';

type MutableStep = { -readonly [K in keyof SessionStepState]: SessionStepState[K] };

/** `live`: a process still holds the session, so a started step is running, not interrupted. */
export function replay(parsed: ParsedLog, dir: string, live: boolean): SessionState {
  const start = parsed.events[0];
  if (!start || start.type !== 'session-start') throw new Error(`${join(dir, LOG_FILE)}:1: the log has no session-start event`);
  const steps: Record<string, MutableStep> = {};
  const step = (id: string): MutableStep => (steps[id] ??= { status: 'pending', attempts: 0 });
  const snapshots: SessionSnapshot[] = [{ file: start.snapshot.file, sha256: start.snapshot.sha256, textSha256: start.runbookSha256 }];
  let endedAt: string | undefined;
  let endStatus: SessionState['status'] | undefined;
  for (const e of parsed.events) {
    switch (e.type) {
      case 'session-start':
        break;
      case 'session-resumed':
        // Whatever was running when the previous writer stopped was interrupted.
        for (const s of Object.values(steps)) if (s.status === 'running') s.status = 'interrupted';
        if (e.snapshot) snapshots.push({ file: e.snapshot.file, sha256: e.snapshot.sha256, textSha256: e.runbookSha256 });
        break;
      case 'step-start': {
        const s = step(e.stepId);
        s.status = 'running';
        s.attempts = Math.max(s.attempts, e.attempt);
        s.codeSha256 = e.codeSha256;
        delete s.exitCode; delete s.durationMs; delete s.reason; delete s.notice; delete s.outputPath;
        break;
      }
      case 'output':
        if (e.file) step(e.stepId).outputPath = join(dir, e.file);
        break;
      case 'step-end': {
        const s = step(e.stepId);
        Object.assign(s, { status: e.status, exitCode: e.exitCode, durationMs: e.durationMs });
        if (e.reason) s.reason = e.reason; else delete s.reason;
        if (e.notice) s.notice = e.notice; else delete s.notice;
        break;
      }
      case 'step-skipped': {
        const s = step(e.stepId);
        s.status = 'skipped';
        if (e.reason) s.reason = e.reason; else delete s.reason;
        break;
      }
      case 'note': {
        const s = step(e.stepId);
        Object.assign(s, { note: e.text, noteAuthor: e.author, noteTime: e.time });
        break;
      }
      case 'check': {
        const s = step(e.stepId);
        s.checked = e.checked;
        s.checkedBy = e.author;
        // A tick gives the check a new state: an older "not run" reason (the run stopped at …) no longer applies.
        delete s.reason;
        // A decision is also the check's status (core/run CHECK_DECISIONS).
        s.status = e.decision ?? (e.checked ? 'passed' : 'pending');
        break;
      }
      case 'session-end':
        endedAt = e.time;
        endStatus = e.status;
        break;
      default: {
        const never: never = e;
        throw new Error(`unhandled event ${(never as { type: string }).type}`);
      }
    }
  }
  const running = live && !endedAt && !parsed.torn;
  for (const s of Object.values(steps)) if (s.status === 'running' && !running) s.status = 'interrupted';
  return {
    id: start.id, dir, runbookPath: start.runbookPath, runbookSha256: start.runbookSha256, title: start.title,
    startedAt: start.time, ...(endedAt ? { endedAt } : {}),
    status: endStatus ?? (running ? 'running' : 'interrupted'),
    steps, torn: parsed.torn, user: start.user, host: start.host,
    eventCount: parsed.events.length, headHash: parsed.headHash, snapshots,
  };
}

export async function readLog(dir: string): Promise<{ text: string; parsed: ParsedLog }> {
  const file = join(dir, LOG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${dir}: not a session directory (no ${LOG_FILE}); pass a directory under .runbook/sessions/`, { cause: error });
    throw error;
  }
  return { text, parsed: parseLog(text, file) };
}

export async function readSessionState(dir: string): Promise<SessionState> {
  const { parsed } = await readLog(dir);
  return replay(parsed, dir, Boolean(await isLockedByLiveProcess(dir)));
}
