// The live Session: opens a new session directory or resumes one, records executor events,
// notes, checks and skips, masking secret values in everything it writes.
import { statSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { hostname, userInfo, platform, release, arch } from 'node:os';
import { join, resolve } from 'node:path';
import type { CheckStep, CodeStep, Step } from '../format/model';
import { parseRunbook } from '../format/parse';
import type { CheckDecision, RunStatus, StepOutcome } from '../executor/types';
import type { Session, SessionStartInfo, SessionState } from './api';
import { codeHash, staleSteps } from '../run/codeHash';
import { parseLog, sha256 } from './chain';
import { digestOutput, digestWrittenOutput, EMPTY_DIGEST } from './digest';
import { GENESIS, LOG_FILE, stepEndPayload, type EventPayload } from './events';
import { releaseLock, takeLock } from './lock';
import { LogWriter } from './log-writer';
import { makeMasker, SECRET_MASK, type Masker } from './mask';
import { maskEvent } from './mask-event';
import { outputFileName, sessionDirName } from './naming';
import { replay } from './replay';
import { assertNoLinks, createExclusive, openNoFollow, syncDir, writeAll } from './safe-fs';

export interface SecretsInfo {
  readonly variables?: Readonly<Record<string, string>>;
  readonly secretNames?: readonly string[];
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

class LiveSession implements Session {
  private readonly attempts = new Map<string, number>();
  /** Steps started and not yet ended: only these get an output event at their end. */
  private readonly running = new Set<string>();
  private ended = false;
  /** See groupStepEnds(). */
  private grouped = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    private readonly log: LogWriter,
    private readonly mask: Masker,
    private readonly user: string,
    startAttempts: ReadonlyMap<string, number>,
  ) {
    for (const [k, v] of startAttempts) this.attempts.set(k, v);
  }

  outputPath(stepId: string, attempt: number): string {
    return join(this.dir, outputFileName(stepId, attempt));
  }

  private append(...events: EventPayload[]): Promise<void> {
    return this.log.append(...events.map((e) => maskEvent(e, this.mask)));
  }

  groupStepEnds(): void {
    this.grouped = true;
  }

  whenDurable(): Promise<void> {
    return this.log.durable();
  }

  async onStepStart(step: CodeStep, attempt: number): Promise<void> {
    this.attempts.set(step.id, attempt);
    this.running.add(step.id);
    await this.append({ type: 'step-start', stepId: step.id, attempt, codeSha256: codeHash(step.code), line: step.line, ...(step.alias ? { alias: step.alias } : {}) });
  }

  async onStepEnd(step: Step, outcome: StepOutcome): Promise<void> {
    const started = this.running.delete(step.id);
    const attempt = this.attempts.get(step.id) ?? 0;
    const events: EventPayload[] = [];
    // The executor hashed the output as it wrote it: that digest is recorded when the file has the
    // size it wrote (hash once, docs/sessions.md); otherwise the file itself is hashed.
    // No path and no bytes: the step printed nothing and no file was made (whatever is at the
    // default path was not written by this attempt, and is not read).
    const file = started && (outcome.output.path !== undefined || outcome.output.bytes > 0) ? (outcome.output.path ?? this.outputPath(step.id, attempt)) : undefined;
    const size = file ? fileSize(file) : undefined;
    if (file && size !== undefined) {
      const relative = resolve(file).startsWith(resolve(this.dir)) ? resolve(file).slice(resolve(this.dir).length + 1).split('\\').join('/') : file;
      const written = outcome.output.path !== undefined ? outcome.output : undefined;
      events.push({ type: 'output', stepId: step.id, attempt, file: relative, ...(await digestWrittenOutput(file, written, size)) });
    } else if (started) {
      events.push({ type: 'output', stepId: step.id, attempt, file: '', ...EMPTY_DIGEST });
    }
    events.push(stepEndPayload(step.id, attempt, outcome));
    // Grouped: fsync'd with the next step's start (before its process runs) or the session's end.
    if (this.grouped) await this.log.appendGrouped(...events.map((e) => maskEvent(e, this.mask)));
    else await this.append(...events);
  }

  /**
   * What an interrupted attempt printed before its process died is in its output file but in no
   * event: record it now, so verify and the evidence cover it too.
   */
  async recordInterruptedOutputs(state: SessionState, events: readonly { type: string; stepId?: string; attempt?: number }[]): Promise<void> {
    const recorded = new Set(events.filter((e) => e.type === 'output').map((e) => `${e.stepId}#${e.attempt}`));
    const found: EventPayload[] = [];
    for (const [stepId, step] of Object.entries(state.steps)) {
      if (step.status !== 'interrupted' || recorded.has(`${stepId}#${step.attempts}`)) continue;
      const file = this.outputPath(stepId, step.attempts);
      if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
      found.push({ type: 'output', stepId, attempt: step.attempts, file: outputFileName(stepId, step.attempts), ...(await digestOutput(file)) });
    }
    if (found.length > 0) await this.append(...found);
  }

  async onCheck(step: CheckStep, decision: CheckDecision): Promise<void> {
    await this.append({ type: 'check', stepId: step.id, checked: decision === 'passed', author: this.user, decision });
  }

  async addNote(stepId: string, text: string, author?: string): Promise<void> {
    await this.append({ type: 'note', stepId, text, author: author ?? this.user });
  }

  async setCheck(stepId: string, checked: boolean, author?: string): Promise<void> {
    await this.append({ type: 'check', stepId, checked, author: author ?? this.user });
  }

  async skipStep(stepId: string, reason?: string): Promise<void> {
    await this.append({ type: 'step-skipped', stepId, ...(reason ? { reason } : {}) });
  }

  async end(status: RunStatus): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await this.append({ type: 'session-end', status });
    } finally {
      // Recorded or not (a full disk), this process is done with the session: an end that could
      // not be written leaves it unfinished, and resumable (by this very process too).
      await this.log.close().catch(() => undefined);
      await releaseLock(this.dir);
    }
  }

  async release(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.log.close();
    await releaseLock(this.dir);
  }
}

async function writeSnapshot(dir: string, name: string, text: string, mask: Masker) {
  const masked = mask(text);
  // A new file only (O_EXCL, O_NOFOLLOW): a planted file or symlink is an error, never written through.
  const handle = await createExclusive(join(dir, name));
  try {
    await writeAll(handle, Buffer.from(masked, 'utf8'));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { file: name, sha256: sha256(masked), bytes: Buffer.byteLength(masked) };
}

/** mkdir without `recursive` fails when the name exists: retry with a new random suffix. */
async function makeSessionDir(sessionsDir: string, runbookPath: string, host: string): Promise<{ id: string; dir: string }> {
  for (let tries = 0; ; tries++) {
    const id = sessionDirName(runbookPath, host, new Date());
    const dir = join(sessionsDir, id);
    try {
      await mkdir(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 20) throw error;
    }
  }
}

/** The size of a regular file; undefined when there is none (or something else) at `path`. */
function fileSize(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

export async function openNewSession(info: SessionStartInfo): Promise<Session> {
  const mask = makeMasker(info.variables, info.secretNames);
  const host = info.host ?? hostname();
  const user = info.user ?? currentUser();
  await mkdir(info.sessionsDir, { recursive: true });
  const { id, dir } = await makeSessionDir(info.sessionsDir, mask(info.runbookPath), mask(host));
  let log: LogWriter | undefined;
  try {
    await mkdir(join(dir, 'outputs'));
    await takeLock(dir);
    const snapshot = await writeSnapshot(dir, 'runbook.md', info.runbookText, mask);
    log = await LogWriter.open(join(dir, LOG_FILE), 0, GENESIS, true);
    const title = info.title ?? parseRunbook(info.runbookText, { fileName: info.runbookPath }).title;
    const masked = Object.fromEntries(Object.entries(info.variables).map(([k, v]) => [k, info.secretNames.includes(k) ? SECRET_MASK : v]));
    const session = new LiveSession(id, dir, log, mask, user, new Map());
    await log.append(maskEvent({
      type: 'session-start', format: 1, id, runbookPath: resolve(info.runbookPath), runbookSha256: sha256(info.runbookText), snapshot,
      title, user, host, os: { platform: platform(), release: release(), arch: arch() }, tool: { ...info.tool },
      ...(info.vscodeVersion ? { vscodeVersion: info.vscodeVersion } : {}), ...(info.remoteName ? { remoteName: info.remoteName } : {}),
      variables: masked, secretNames: [...info.secretNames], pid: process.pid,
    }, mask));
    await syncDir(dir);
    return session;
  } catch (error) {
    // A full disk (or any failure) while creating: leave no half-made session directory behind.
    await log?.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/** Continues an unfinished session: drops a torn last line (recording its digest), appends session-resumed. */
export async function resumeSession(dir: string, runbookText: string, secrets: SecretsInfo = {}): Promise<Session> {
  const mask = makeMasker(secrets.variables ?? {}, secrets.secretNames ?? []);
  const logFile = join(dir, LOG_FILE);
  // The directory, outputs/ and every file in them must be what they seem (no planted links).
  await assertNoLinks(dir);
  await takeLock(dir);
  try {
    // Never read, truncate or append through a symlink planted in place of the log (O_NOFOLLOW).
    const handle = await openNoFollow(logFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP') throw new Error(`${logFile}: the session log is a symbolic link; refusing to resume a session directory that was tampered with`);
      throw error;
    });
    const raw = await handle.readFile().finally(() => handle.close());
    const parsed = parseLog(raw.toString('utf8'), logFile);
    const state = replay(parsed, dir, false);
    if (state.endedAt) throw new Error(`${dir}: this session ended (${state.status}) at ${state.endedAt}; start a new run instead of resuming it`);
    let discarded: Pick<EventPayload & { type: 'session-resumed' }, 'discardedBytes' | 'discardedSha256'> = {};
    if (parsed.torn) {
      const tail = raw.subarray(parsed.intactBytes);
      discarded = { discardedBytes: tail.length, discardedSha256: sha256(tail) };
    }
    const textSha = sha256(runbookText);
    const known = new Set([state.runbookSha256, ...state.snapshots.map((s) => s.textSha256)]);
    const stale = staleSteps(state.steps, parseRunbook(runbookText));
    const snapshot = known.has(textSha) ? undefined : await writeSnapshot(dir, `runbook.${state.snapshots.length + 1}.md`, runbookText, mask);
    const user = currentUser();
    const log = await LogWriter.open(logFile, parsed.events.length, parsed.headHash, false);
    // Cut a torn last line through the writer's own O_NOFOLLOW handle (a path-based truncate follows links).
    if (parsed.torn) await log.truncateTo(parsed.intactBytes);
    const attempts = new Map(Object.entries(state.steps).map(([k, v]) => [k, v.attempts]));
    const session = new LiveSession(state.id, dir, log, mask, user, attempts);
    await log.append(maskEvent({
      type: 'session-resumed', user, host: hostname(), pid: process.pid, runbookSha256: textSha,
      ...(snapshot ? { snapshot } : {}), staleSteps: stale, ...discarded,
    }, mask));
    await session.recordInterruptedOutputs(state, parsed.events);
    return session;
  } catch (error) {
    await releaseLock(dir);
    throw error;
  }
}
