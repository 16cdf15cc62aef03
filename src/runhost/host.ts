// The run host: one detached process per live session, the single writer of its event log and
// the owner of its step processes. A thin shell around Executor + Session: clients attach over
// the session's Unix socket, send commands and receive events (only after they are on disk).
// It exits as soon as nothing runs, nothing waits for a person and no client is attached.
import { createServer, type Server, type Socket } from 'node:net';
import { appendFileSync, chmodSync, existsSync, watch } from 'node:fs';
import { removeFile } from '../core/executor/removeFile';
import { monotonicMs } from '../core/executor/timers';
import { basename, dirname, join } from 'node:path';
import { createMessageConnection, StreamMessageReader, type MessageConnection, type NotificationType } from 'vscode-jsonrpc/node';
import { resolveVariables, type CheckDecision, type ExecutionObserver, type ExecutorHost, type OutputChunk, type RunStatus, type RunSummary, type StepOutcome } from '../core/executor';
import type { CheckStep, CodeStep, Runbook, Step } from '../core/format/model';
import type { Session, SessionState } from '../core/session';
import { startRecordedRun, type LocalRecordedRun } from '../core/run/recordedRun';
import { recordsFromState } from '../core/run/stepRecords';
import { endedByRunbook, firstNotDone } from '../core/run/status';
import { checkPrivate, processStartTime, removeHostFiles, socketAddress, ticksSinceBoot, writeHostInfo } from './files';
import { killMarkedProcesses } from './recover';
import { FrameWriter } from './frameWriter';
import { LiveOutput } from './liveOutput';
import * as P from './protocol';
import { errorMessage } from '../core/text/errorMessage';

const TAIL_CHARS = 256 * 1024;
/** A host started without a run waits this long for its first client. */
const FIRST_CLIENT_MS = 15_000;
/**
 * A host started with a run is attached to by the client that started it right after "ready"
 * (unless it detached). A run that ends at once (a resume with nothing left) must not take the host
 * away before that client is there: the host waits this long for a first attach before exiting.
 */
const FIRST_ATTACH_GRACE_MS = 5_000;
/** host.json is rewritten at most this often while steps start and end (see writeInfo). */
const INFO_INTERVAL_MS = 250;

interface Client {
  readonly connection: MessageConnection;
  readonly socket: Socket;
  attached: boolean;
  canAnswer: boolean;
  name: string;
}

interface Pending {
  readonly view: P.WaitingPrompt;
  readonly resolve: (answer: P.Answer | 'limit') => void;
  timer?: NodeJS.Timeout;
}

export class RunHost implements ExecutionObserver {
  private readonly clients = new Set<Client>();
  /** Notifications not yet written to their socket (vscode-jsonrpc writes asynchronously). */
  private readonly unsent = new Set<Promise<void>>();
  /** The core's recorded run: Executor + Session + the step records (the snapshot reads them). */
  private readonly recorded: LocalRecordedRun;
  private server?: Server;
  private current?: { stepId: string; attempt: number; startedAt: string; startedMs: number; output: OutputChunk[]; chars: number; live: LiveOutput };
  private pending?: Pending;
  private promptSeq = 0;
  private running = false;
  private lastRun?: RunSummary;
  private sessionEnded?: RunStatus;
  private exiting = false;
  private readonly startedAt = new Date().toISOString();
  /** This process's start time (it names the host in host.json with its pid); read once. */
  private readonly startTime = processStartTime(process.pid) ?? '';

  constructor(
    private readonly config: P.HostConfig,
    private readonly runbook: Runbook,
    private readonly session: Session,
    private readonly previous: SessionState | undefined,
    private readonly log: (line: string) => void,
  ) {
    // One fsync per step: the host shows a step's end only once it is on disk (see `held`).
    session.groupStepEnds?.();
    const vars = resolveVariables(runbook, config.variables);
    if (!vars.ok) throw new Error(vars.errors.map((e) => e.message).join('; '));
    this.recorded = startRecordedRun({
      runbook,
      baseDir: dirname(config.runbookPath),
      variables: config.variables,
      session,
      host: this.questions(),
      // What the session knows (resumed attempts number on from there).
      records: previous ? recordsFromState(previous) : new Map(),
      // After the session and the records: an event is on disk before any client is told.
      observers: [this],
      // The mark lets a later client find this run's processes if the host itself is killed.
      env: { ...config.env, [P.STEP_MARK_VAR]: session.id },
      onObserverError: (e) => this.reportError(e),
      ...(config.killGraceMs !== undefined ? { tuning: { killGraceMs: config.killGraceMs } } : {}),
    });
  }

  /**
   * With a run to start, readies it now (its scratch directory and live shell, nothing of the
   * runbook runs): that start overlaps with the reply and the client's attach instead of
   * following the first step's start record.
   */
  prepareRun(): void {
    if (!this.config.run) return;
    try {
      this.recorded.prepare();
    } catch (error) {
      // Only a head start: the run makes what it needs itself, and reports what fails then.
      this.log(`cannot prepare the run ahead of it: ${errorMessage(error)}`);
    }
  }

  /** Binds the socket (0600 in a 0700 directory) and writes host.json. */
  async listen(): Promise<void> {
    const dir = this.session.dir;
    chmodSync(dir, 0o700);
    checkPrivate(dir, 'directory');
    // A socket left by a host that died is stale: nobody listens on it; replace it.
    removeFile(join(dir, P.SOCKET_FILE));
    const address = socketAddress(dir);
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    const oldMask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address.path, () => resolve());
      });
    } finally {
      process.umask(oldMask);
      address.close();
    }
    chmodSync(join(dir, P.SOCKET_FILE), 0o600);
    this.writeInfo(true);
    this.watchRemoval();
    if (!this.config.run) setTimeout(() => this.maybeExit(), FIRST_CLIENT_MS).unref();
    else if (this.config.clientAttaches) {
      setTimeout(() => {
        this.attachGraceOver = true;
        if (this.startOnAttach) this.start();
        else if (this.sessionEnded) void this.shutdown();
        else this.maybeExit();
      }, FIRST_ATTACH_GRACE_MS).unref();
    }
  }

  /** The run waits for the client that started it (it would miss the output of steps that end before it attaches). */
  private startOnAttach = false;

  /**
   * Starts the run the host was started with. The client that started it attaches right after
   * "ready" (config.clientAttaches): the run then begins once it has attached, or once
   * FIRST_ATTACH_GRACE_MS has passed without it, so `runbook run` shows every step's output, even
   * of steps that end before its attach would have arrived.
   */
  start(): void {
    const run = this.config.run;
    if (!run) return;
    if (this.awaitingFirstAttach) {
      this.startOnAttach = true;
      return;
    }
    this.startOnAttach = false;
    if (run === 'resume') {
      const from = firstNotDone(this.runbook.steps, (id) => this.previous?.steps[id]);
      if (from) void this.startRun({ mode: 'from', stepId: from });
      else void this.finishRun({ status: 'passed', steps: [], durationMs: 0 });
    } else void this.startRun(run);
  }

  /** SIGTERM: cancel what runs, record it, exit. */
  terminate(): void {
    this.log('SIGTERM: cancelling');
    this.recorded.cancel();
    this.exiting = this.exiting || !this.running;
    if (!this.running) void this.shutdown();
  }

  // ---- clients ----

  private accept(socket: Socket): void {
    const connection = createMessageConnection(new StreamMessageReader(socket), new FrameWriter(socket));
    const client: Client = { connection, socket, attached: false, canAnswer: false, name: 'client' };
    this.clients.add(client);
    const gone = () => {
      if (!this.clients.delete(client)) return;
      this.log(`${client.name} detached`);
      connection.dispose();
      this.updateWaitTimer();
      this.maybeExit();
    };
    socket.on('close', gone);
    socket.on('error', gone);
    connection.onClose(gone);
    connection.onRequest(P.AttachRequest, async (params) => {
      // The snapshot is taken once every held notification has left (so what it shows is on
      // disk); from then on this client gets every event the snapshot does not have.
      while (this.held) await this.held;
      client.attached = true;
      this.attachedOnce = true;
      client.canAnswer = params.canAnswer;
      client.name = `${params.client} (${params.canAnswer ? 'can answer' : 'watching'})`;
      this.log(`${client.name} attached`);
      this.updateWaitTimer();
      const snapshot = this.snapshot();
      // The run waited for its client (see start()): it begins after this reply.
      if (this.startOnAttach) setImmediate(() => this.start());
      return snapshot;
    });
    connection.onRequest(P.RunRequest, (params) => {
      if (this.running) throw new Error('a run is already in progress in this session');
      if (this.sessionEnded) throw new Error('this session has ended');
      void this.startRun(params);
    });
    connection.onRequest(P.CancelRequest, () => {
      this.log(`${client.name}: cancel`);
      this.recorded.cancel();
    });
    connection.onRequest(P.SkipRequest, (p) => this.recorded.skip(p.stepId, p.reason ?? 'skipped'));
    connection.onRequest(P.NoteRequest, (p) => this.recorded.note(p.stepId, p.text, p.author));
    connection.onRequest(P.TickRequest, (p) => this.recorded.tick(p.stepId, p.checked, p.author));
    connection.onRequest(P.AnswerRequest, (p) => this.answer(p.promptId, p.answer, client.name));
    connection.onRequest(P.ReleaseRequest, async () => {
      if (this.running || this.pending) throw new Error('a run is live in this session: cancel it (or wait for it) first');
      this.log(`${client.name}: release`);
      await this.release();
      setTimeout(() => void this.shutdown(), 100);
    });
    connection.onRequest(P.FinishRequest, async (p) => {
      if (this.running) throw new Error('a run is live: cancel it (or wait for it) before finishing the session');
      const status = p.status ?? this.lastRun?.status ?? 'passed';
      await this.endSession(status);
      // After the reply is written (vscode-jsonrpc writes asynchronously and has no flush).
      setTimeout(() => void this.shutdown(), 100);
      return status;
    });
    connection.listen();
  }

  /**
   * Group commit (Session.groupStepEnds): a step's end is fsync'd with the next step's start, so
   * its notification, and everything after it, waits here until it is on disk.
   */
  private held?: Promise<void>;

  private afterHeld(action: () => unknown): void {
    const next = (this.held ?? Promise.resolve()).then(action).then(() => undefined, (e: unknown) => this.log(String(e)));
    this.held = next;
    void next.then(() => {
      if (this.held === next) this.held = undefined;
    });
  }

  /**
   * Sends to the clients attached when the event happened, even when it leaves later (held behind
   * an fsync): a client that attaches in between has the event in its snapshot, and would show
   * it twice.
   */
  private broadcast<T>(type: NotificationType<T>, params: T): void {
    const to = this.attachedClients();
    if (this.held) this.afterHeld(() => this.send(type, params, to));
    else this.send(type, params, to);
  }

  private attachedClients(): Client[] {
    return [...this.clients].filter((c) => c.attached);
  }

  private send<T>(type: NotificationType<T>, params: T, to: readonly Client[]): void {
    for (const c of to) {
      if (!this.clients.has(c)) continue;
      const sent = c.connection.sendNotification(type, params).catch(() => undefined);
      this.unsent.add(sent);
      void sent.then(() => this.unsent.delete(sent));
    }
  }

  private snapshot(): P.Snapshot {
    return {
      sessionId: this.session.id,
      sessionDir: this.session.dir,
      runbookPath: this.config.runbookPath,
      hostPid: process.pid,
      // A run waiting for its client (startOnAttach) is as good as running: it starts after this reply.
      running: this.running || this.startOnAttach,
      steps: this.runbook.steps.map((step) => this.stepView(step.id)),
      ...(this.current ? { current: { stepId: this.current.stepId, attempt: this.current.attempt, startedAt: this.current.startedAt, output: [...this.current.output] } } : {}),
      ...(this.pending ? { waiting: this.pending.view } : {}),
      ...(this.lastRun ? { lastRun: stripTails(this.lastRun) } : {}),
      ...(this.sessionEnded ? { sessionEnded: this.sessionEnded } : {}),
    };
  }

  private stepView(id: string): P.StepView {
    const r = this.recorded.records.get(id);
    if (!r) return { id, status: 'pending', attempt: 0 };
    return { id, status: r.status, attempt: r.attempt ?? 0, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}), ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}), ...(r.reason ? { reason: r.reason } : {}) };
  }

  // ---- questions: confirm gates and manual checks wait for a person ----

  private questions(): ExecutorHost {
    return {
      confirm: async (step: CodeStep, message: string) => {
        if (this.config.yes) return true;
        const answer = await this.ask('confirm', step, message);
        return answer !== 'limit' && answer.kind === 'confirm' && answer.yes;
      },
      decideCheck: async (step: CheckStep): Promise<CheckDecision | 'blocked'> => {
        const answer = await this.ask('check', step, step.text);
        if (answer === 'limit') return 'blocked';
        if (answer.kind === 'check') return answer.decision;
        return answer.yes ? 'passed' : 'skipped';
      },
    };
  }

  private ask(kind: 'confirm' | 'check', step: Step, message: string): Promise<P.Answer | 'limit'> {
    const someoneCanAnswer = [...this.clients].some((c) => c.attached && c.canAnswer);
    if (this.config.unattended === 'block' && !someoneCanAnswer) {
      // A non-interactive `runbook run`: as before the run host, no one is asked.
      return Promise.resolve(kind === 'confirm' ? { kind, yes: false } : { kind, decision: this.config.checks === 'pass' ? 'passed' : 'skipped' });
    }
    return new Promise((resolve) => {
      const view: P.WaitingPrompt = { id: ++this.promptSeq, kind, stepId: step.id, message, since: new Date().toISOString() };
      this.pending = {
        view,
        resolve: (answer) => {
          if (this.pending?.view.id !== view.id) return;
          clearTimeout(this.pending.timer);
          this.pending = undefined;
          this.writeInfo(true);
          resolve(answer);
        },
      };
      this.log(`waiting for a person: ${kind} at step ${step.id}`);
      this.writeInfo(true);
      this.broadcast(P.WaitingNotification, view);
      this.updateWaitTimer();
    });
  }

  private answer(promptId: number, answer: P.Answer, by: string): boolean {
    const pending = this.pending;
    if (!pending || pending.view.id !== promptId || pending.view.kind !== answer.kind) return false;
    this.log(`${by} answered the ${answer.kind} at step ${pending.view.stepId}`);
    pending.resolve(answer);
    this.broadcast(P.AnsweredNotification, { promptId, by });
    return true;
  }

  /** The wait limit runs only while nobody who could answer is attached. */
  private updateWaitTimer(): void {
    const pending = this.pending;
    if (!pending) return;
    const someoneCanAnswer = [...this.clients].some((c) => c.attached && c.canAnswer);
    if (someoneCanAnswer) {
      clearTimeout(pending.timer);
      pending.timer = undefined;
    } else if (!pending.timer) {
      pending.timer = setTimeout(() => void this.waitLimitReached(pending), Math.min(this.config.waitLimitMs, 2 ** 31 - 1));
    }
  }

  private async waitLimitReached(pending: Pending): Promise<void> {
    if (this.pending !== pending) return;
    const limit = formatLimit(this.config.waitLimitMs);
    this.log(`wait limit (${limit}) reached at step ${pending.view.stepId}: recorded as blocked`);
    await this.session.addNote(pending.view.stepId, `Nobody answered this ${pending.view.kind === 'confirm' ? 'confirm gate' : 'manual check'} within the wait limit (${limit}); recorded as blocked.`, 'runbook run host').catch((e: unknown) => this.log(String(e)));
    pending.resolve('limit');
  }

  // ---- the run ----

  private async startRun(params: P.RunParams): Promise<void> {
    this.running = true;
    this.log(`run ${params.mode}${params.stepId ? ` ${params.stepId}` : ''}`);
    let summary: RunSummary;
    try {
      summary = await this.recorded.run(params.mode === 'all' ? { kind: 'all' } : { kind: params.mode, stepId: params.stepId ?? '' });
    } catch (error) {
      this.log(`run failed to start: ${errorMessage(error)}`);
      summary = { status: 'failed', steps: [], durationMs: 0 };
    }
    await this.finishRun(summary);
  }

  private reportError(error: unknown): void {
    const message = errorMessage(error);
    this.log(`error: ${message}`);
    this.broadcast(P.ErrorNotification, { message });
  }

  private async finishRun(run: RunSummary): Promise<void> {
    this.running = false;
    let error: string | undefined;
    // The session's status by the one final-status rule (core/run), not this run's: a step that
    // failed earlier and passed now counts as passed; one left failed fails the session. The
    // records hold what the session holds (restored from it, then every event this host wrote).
    const summary = { ...run, status: this.recorded.status().status };
    this.lastRun = summary;
    try {
      if (this.config.endSessionWhenRunEnds || this.exiting) await this.endSession(summary.status);
    } catch (e) {
      error = errorMessage(e);
      this.log(`cannot record the end of the run: ${error}`);
      this.sessionEnded = summary.status; // nothing more can be recorded: exit
    }
    this.log(`run ended: ${summary.status}`);
    // Exiting, with the session ended (its lock released by session.end): the host files go before
    // anyone hears of the end, so a client that returns on `runEnded` (runbook run) leaves nothing
    // that looks live to the next command (--resume, ps), without waiting for this process to exit.
    // Not while the starting client has yet to attach: it still needs the socket.
    if (this.sessionEnded && !this.awaitingFirstAttach) await this.release().catch((e: unknown) => this.log(String(e)));
    this.broadcast(P.RunEndedNotification, { summary: stripTails(summary), ...(error ? { error } : {}) });
    if (this.sessionEnded) {
      this.broadcast(P.SessionEndedNotification, { status: this.sessionEnded });
      // The client that started the run gets its end from the snapshot when it attaches; it exits then.
      if (!this.awaitingFirstAttach) void this.shutdown();
    } else this.maybeExit();
  }

  private async endSession(status: RunStatus): Promise<void> {
    if (this.sessionEnded) return;
    this.sessionEnded = status;
    await this.session.end(status);
  }

  onStepStart(step: CodeStep, attempt: number): void {
    const startedAt = new Date().toISOString();
    this.current = { stepId: step.id, attempt, startedAt, startedMs: monotonicMs(), output: [], chars: 0, live: new LiveOutput() };
    this.writeInfo();
    this.broadcast(P.StepStartedNotification, { stepId: step.id, attempt, startedAt });
  }

  onOutput(stepId: string, chunks: readonly OutputChunk[]): void {
    const current = this.current;
    if (current?.stepId === stepId) {
      for (const c of chunks) {
        current.output.push(c);
        current.chars += c.text.length;
      }
      while (current.chars > TAIL_CHARS && current.output.length > 1) current.chars -= current.output.shift()!.text.length;
    }
    // A flood reaches the clients as a bounded share (liveOutput.ts); the file has every byte.
    const live = current?.stepId === stepId ? current.live.push(chunks) : chunks;
    if (live.length > 0) this.broadcast(P.OutputNotification, { stepId, chunks: live });
  }

  onStepEnd(step: Step, outcome: StepOutcome): void {
    if (this.current?.stepId === step.id) {
      const last = this.current.live.end();
      if (last.length > 0) this.broadcast(P.OutputNotification, { stepId: step.id, chunks: last });
      // Cancel and timeout end the step's whole tree: also what escaped its process group and
      // parentage (`( setsid cmd & )`), found by the step mark and a start time within the step.
      if (endedByRunbook(outcome.status)) {
        // The step's start in /proc's clock ticks (10 ms), worked out now rather than read at every step's
        // start (a suspend during the step, which the monotonic clock does not count, moves it later).
        const startTicks = ticksSinceBoot() - Math.ceil((monotonicMs() - this.current.startedMs) / 10);
        const killed = killMarkedProcesses(this.session.id, startTicks - 1);
        if (killed) this.log(`ended ${killed} escaped process(es) of step ${step.id}`);
      }
      this.current = undefined;
    }
    this.writeInfo();
    const { output: _output, ...ended } = outcome;
    const durable = this.session.whenDurable?.();
    if (!durable) return this.broadcast(P.StepEndedNotification, ended);
    // Shown once on disk; a failed fsync is reported instead (the step's end may not be recorded).
    const to = this.attachedClients();
    this.afterHeld(() => durable.then(() => this.send(P.StepEndedNotification, ended, to), (e: unknown) => this.reportError(e)));
  }

  // ---- lifecycle ----

  /**
   * host.json is what `runbook ps` reads (and how a client finds a live host). It is rewritten
   * (temp file + rename) at once when `now` or when it was not written in the last
   * INFO_INTERVAL_MS, else once at the end of that interval: a run of fast steps rewrites it a few
   * times a second instead of twice per step (on ext4 a rename over a file waits for its data).
   */
  private infoTimer?: NodeJS.Timeout;
  private infoWrittenAt = 0;

  private writeInfo(now = false): void {
    if (this.exiting && !this.running) return;
    const wait = this.infoWrittenAt + INFO_INTERVAL_MS - Date.now();
    if (!now && wait > 0) {
      this.infoTimer ??= setTimeout(() => {
        this.infoTimer = undefined;
        this.writeInfo(true);
      }, wait).unref();
      return;
    }
    clearTimeout(this.infoTimer);
    this.infoTimer = undefined;
    this.infoWrittenAt = Date.now();
    const step = this.pending?.view.stepId ?? this.current?.stepId;
    try {
      writeHostInfo(this.session.dir, {
        pid: process.pid, startTime: this.startTime, sessionId: this.session.id, runbookPath: this.config.runbookPath,
        title: this.runbook.title, startedAt: this.startedAt,
        ...(step ? { currentStep: step, since: this.pending?.view.since ?? this.current?.startedAt } : {}),
        ...(this.pending ? { waiting: true } : {}),
      });
    } catch (error) {
      this.log(`cannot write host.json: ${errorMessage(error)}`);
    }
  }

  /**
   * The session directory removed (its workspace deleted): nothing more can be recorded, so nothing
   * more may run and no question may wait for nobody. Say so, end every process of the run (found
   * by the step mark) and cancel it; the failed appends end the run (reported to the clients), then
   * the host exits. The parent directory is watched, so appends to the log cost nothing here.
   */
  private watchRemoval(): void {
    const dir = this.session.dir;
    let watcher: ReturnType<typeof watch> | undefined;
    const gone = () => {
      if (existsSync(dir)) return;
      watcher?.close();
      this.reportError(new Error(`the session directory ${dir} was removed during the run; nothing more can be recorded`));
      killMarkedProcesses(this.session.id);
      this.exiting = true; // the run's end (which cannot be recorded) ends the host
      this.recorded.cancel();
      this.pending?.resolve('limit');
      if (!this.running) void this.shutdown();
    };
    try {
      watcher = watch(dirname(dir), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(dir)) gone();
      });
      watcher.on('error', gone);
    } catch (error) {
      this.log(`cannot watch ${dirname(dir)}: ${errorMessage(error)}; a removed session is noticed at its next append`);
    }
  }

  /** Closes the session log and its lock (without ending it) and stops taking clients. */
  private released = false;

  private async release(): Promise<void> {
    this.exiting = true;
    if (!this.released && !this.sessionEnded) await this.session.release();
    this.released = true;
    removeHostFiles(this.session.dir);
  }

  private attachedOnce = false;
  private attachGraceOver = false;

  /** Still waiting for the client that started this host with a run to attach (see FIRST_ATTACH_GRACE_MS). */
  private get awaitingFirstAttach(): boolean {
    return Boolean(this.config.run && this.config.clientAttaches) && !this.attachedOnce && !this.attachGraceOver;
  }

  private maybeExit(): void {
    if (this.running || this.pending || this.clients.size > 0 || this.awaitingFirstAttach) return;
    void this.shutdown();
  }

  private async shutdown(): Promise<void> {
    if (this.exiting && !this.running && !this.server) return;
    this.exiting = true;
    this.log('exiting');
    await this.release().catch((e: unknown) => this.log(String(e)));
    // A run prepared and never started (SIGTERM before it began): its shell and scratch go too.
    await this.recorded.dispose().catch((e: unknown) => this.log(String(e)));
    const server = this.server;
    this.server = undefined;
    server?.close();
    // Let the last notifications reach the clients: wait for the writes, end each socket (flushes), then exit.
    await this.held;
    await Promise.all([...this.unsent]);
    await Promise.all([...this.clients].map((c) => new Promise<void>((resolve) => {
      c.socket.once('close', () => resolve());
      c.socket.end();
      setTimeout(resolve, 2000).unref();
    })));
    process.exit(0);
  }
}

function stripTails(summary: RunSummary): RunSummary {
  return { ...summary, steps: summary.steps.map((s) => (s.output ? { ...s, output: { ...s.output, tail: '' } } : s)) };
}

export function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function fileLogger(dir: string): (line: string) => void {
  const file = join(dir, P.HOST_LOG_FILE);
  return (line) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
    } catch {
      // the session directory is gone: nothing to log to
    }
  };
}
