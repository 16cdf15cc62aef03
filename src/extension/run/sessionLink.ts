// The session one runbook records into: a new one on the first write, an unfinished one resumed
// (lazily, on the first write), or a finished one shown read-only. The last one used is
// remembered per runbook in workspace state, so the panel comes back with it after a reload.
import { existsSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isSessionUnfinished, type RunStatus } from '../../core/run/status';
import { recordsFromState, TAIL_CHARS, type StepRecord } from '../../core/run/stepRecords';
import type { Runbook } from '../../core/format/model';
import { listSessions, openNewSession, readSessionState, resumeSession as resumeCore, SessionLockedError, type Session, type SessionState } from '../../core/session';
import type { SessionSummary, SessionView } from '../../webview/protocol';
import { sessionsDirectory } from './settings';

interface Current {
  readonly dir: string;
  readonly summary: SessionSummary;
}

export class SessionLink {
  private live: Session | undefined;
  private current: Current | undefined;
  private finished = false;
  /** Finished in this window (Finish Session): the next run starts a new session. */
  private finishedHere = false;

  constructor(private readonly uri: vscode.Uri, private readonly memento: vscode.Memento, private readonly toolVersion: string) {}

  private get memoKey(): string {
    return `runbook.session:${this.uri.toString()}`;
  }

  /** A finished session is open: nothing may be appended to it. */
  get readOnly(): boolean {
    return this.finished;
  }

  /** A run may start a new session instead of being refused (the session was just finished here). */
  get startsNewOnRun(): boolean {
    return this.finished && this.finishedHere;
  }

  /** The session was ended with `status` (by the recorded run's finish; see RunController.finish). */
  markFinished(status: RunStatus): void {
    if (!this.current) return;
    this.live = undefined;
    this.finished = true;
    this.finishedHere = true;
    this.current = { dir: this.current.dir, summary: { ...this.current.summary, status } };
  }

  get dir(): string | undefined {
    return this.current?.dir;
  }

  /** The directory of the session this runbook last used, if it still exists. */
  rememberedDir(): string | undefined {
    const dir = this.memento.get<string>(this.memoKey);
    return dir && existsSync(dir) ? dir : undefined;
  }

  /** Remembers `dir` as this runbook's session (a live run found in the sessions folder). */
  async remember(dir: string): Promise<void> {
    await this.memento.update(this.memoKey, dir);
  }

  /** The remembered session of this runbook, if its directory still exists. */
  async restore(runbook: Runbook): Promise<Map<string, StepRecord> | undefined> {
    const dir = this.rememberedDir();
    return dir ? this.load(dir, runbook) : undefined;
  }

  /** The open session a run continues (not a finished one); undefined: a run starts a new session. */
  get resumableDir(): string | undefined {
    return this.finished ? undefined : this.current?.dir;
  }

  /** A run host opened or resumed this session: it is the current one now (and remembered). */
  async adopt(dir: string, id: string, title: string): Promise<void> {
    await this.releaseLive();
    this.finished = false;
    this.finishedHere = false;
    this.current = { dir, summary: { id, title, startedAt: this.current?.dir === dir ? this.current.summary.startedAt : new Date().toISOString(), status: 'running' } };
    await this.memento.update(this.memoKey, dir);
  }

  /** Closes the session this window has open for writing (its lock goes: a run host may take it). */
  async releaseLive(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.release();
  }

  async open(sessionId: string, runbook: Runbook): Promise<Map<string, StepRecord>> {
    const sessions = await listSessions(sessionsDirectory(this.uri), this.uri.fsPath);
    const found = sessions.find((s) => s.id === sessionId);
    if (!found) throw new Error(`no session ${sessionId} for ${this.uri.fsPath} in ${sessionsDirectory(this.uri)}`);
    return this.load(found.dir, runbook);
  }

  /** The session to append to: the live one, the open unfinished one resumed, or a new one. */
  async ensureWritable(runbook: Runbook, text: string, variables: { readonly values: Readonly<Record<string, string>>; readonly secretNames: readonly string[] }): Promise<Session> {
    if (this.live) return this.live;
    if (this.finished) throw new Error('this session is finished and open read-only');
    if (this.current) {
      this.live = await resumeSession(this.current.dir, text, { variables: variables.values, secretNames: variables.secretNames });
    } else {
      this.live = await openNewSession({
        sessionsDir: sessionsDirectory(this.uri),
        runbookPath: this.uri.fsPath,
        runbookText: text,
        variables: variables.values,
        secretNames: variables.secretNames,
        tool: { name: 'runbook-vscode', version: this.toolVersion },
        vscodeVersion: vscode.version,
        ...(vscode.env.remoteName ? { remoteName: vscode.env.remoteName } : {}),
      });
    }
    this.current = { dir: this.live.dir, summary: { id: this.live.id, title: runbook.title, startedAt: this.current?.summary.startedAt ?? new Date().toISOString(), status: 'running' } };
    await this.memento.update(this.memoKey, this.live.dir);
    return this.live;
  }

  /** Forget the current session (the next write starts a new one). */
  async detach(): Promise<void> {
    await this.releaseLive();
    this.current = undefined;
    this.finished = false;
    this.finishedHere = false;
    await this.memento.update(this.memoKey, undefined);
  }

  async view(): Promise<SessionView> {
    const all = await listSessions(sessionsDirectory(this.uri), this.uri.fsPath).catch(() => []);
    const sessions = all.map((s) => ({ id: s.id, title: s.title, startedAt: s.startedAt, status: s.status }));
    return this.current ? { current: { ...this.current.summary, readOnly: this.finished }, sessions } : { sessions };
  }

  async sessions(): Promise<readonly SessionSummary[]> {
    return (await this.view()).sessions;
  }

  private async load(dir: string, runbook: Runbook): Promise<Map<string, StepRecord>> {
    const state = await readSessionState(dir);
    if (this.live?.dir !== dir) await this.releaseLive();
    this.finishedHere = false;
    this.finished = !isSessionUnfinished(state.status);
    this.current = { dir, summary: { id: state.id, title: state.title, startedAt: state.startedAt, status: state.status } };
    await this.memento.update(this.memoKey, dir);
    return recordsOf(state, runbook);
  }
}

/**
 * Resumes through the core (the same atomic lock as `runbook run --resume`). When another window or
 * process is recording this session, say who (pid, host, since) instead of forking the log.
 */
async function resumeSession(...args: Parameters<typeof resumeCore>): Promise<Session> {
  try {
    return await resumeCore(...args);
  } catch (error) {
    if (!(error instanceof SessionLockedError)) throw error;
    const { pid, host, since } = error.holder;
    throw new Error(`this session is being recorded by another VS Code window or \`runbook run\` (process ${pid} on ${host}${since ? `, since ${since}` : ''}); finish or close it there, or start a new session here`, { cause: error });
  }
}

async function recordsOf(state: SessionState, runbook: Runbook): Promise<Map<string, StepRecord>> {
  // Steps no longer in the runbook are kept only for their notes.
  const records = recordsFromState(state, (id, hasNote) => hasNote || runbook.steps.some((step) => step.id === id));
  for (const record of records.values()) {
    if (!record.outputPath) continue;
    const tail = await readTail(record.outputPath);
    Object.assign(record, { outputTail: tail.text, outputBytes: tail.bytes });
  }
  return records;
}

async function readTail(file: string): Promise<{ text: string; bytes: number }> {
  try {
    const handle = await openFile(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_CHARS);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return { text: buffer.toString('utf8'), bytes: size };
    } finally {
      await handle.close();
    }
  } catch {
    return { text: '', bytes: 0 };
  }
}
