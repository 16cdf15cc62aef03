// One step's process: spawned in its own process group (detached), stdin closed, stdout and
// stderr to a sink with backpressure (through FIFOs read into one reused buffer when the caller
// lends some, stepFifos.ts; else child_process's pipes), RUNBOOK_STEP_TOKEN=<random> in its
// environment. The step ends when its main process exits; the rest of the group (background
// children such as `sleep 100 &`) and every other process carrying the token (a `setsid` daemon, a
// double fork re-parented to init) then get SIGTERM and, if still alive after the grace period,
// SIGKILL — unless the step has `keep-background`. Timeout and cancel do the same while the main process
// runs, whatever `keep-background` says. See stepTracker.ts and docs/executor.md.
//
// node:child_process is used directly rather than execa: execa waits for the pipes to close
// (which background children keep open) and adds ~0.8 ms per spawn (measured), more than the
// whole budget of the 200-step benchmark. See docs/executor.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { closeSync } from 'node:fs';
import { deliver, outputEnded, readOutput } from './fifoOutput';
import { groupHasLiveMembers, signalGroup } from './processGroup';
import { STEP_TOKEN_VAR } from './processes';
import { openFifos, type LentFifos } from './stepFifos';
import { newStepToken, StepTracker } from './stepTracker';
import { setLongTimeout } from './timers';
import type { OutputStream } from './types';

export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface OutputSink {
  /**
   * Returns false when the caller should pause until `onceDrain`. `data` is lent for the call
   * only: a reader may reuse its buffer for the next read (the live shell does), so a sink
   * copies whatever it keeps.
   */
  write(stream: OutputStream, data: Buffer): boolean;
  onceDrain(callback: () => void): void;
}

export interface ProcessOptions {
  readonly timeoutMs?: number;
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly sink: OutputSink;
  readonly platform: NodeJS.Platform;
  /** Called once the process is spawned, with its pid (= its process group id on POSIX). */
  readonly onSpawn?: (pid: number) => void;
  /** `keep-background`: after a normal end, leave the step's background processes running. */
  readonly keepBackground?: boolean;
  /** FIFOs for stdout and stderr (given back when the output is read); without them, pipes. */
  readonly fifos?: LentFifos;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Set when the process could not start (ENOENT, bad cwd, …): a one-line reason. */
  readonly spawnError?: string;
  readonly stoppedBy?: 'timeout' | 'cancel';
}

export function runProcess(spec: ProcessSpec, options: ProcessOptions): Promise<ProcessResult> {
  const windows = options.platform === 'win32';
  return new Promise<ProcessResult>((resolve) => {
    const token = newStepToken();
    const fifos = options.fifos && openFifos(options.fifos);
    if (options.fifos && !fifos) options.fifos.giveBack(false);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(spec.file, [...spec.args], {
        cwd: spec.cwd,
        env: { ...spec.env, [STEP_TOKEN_VAR]: token },
        stdio: ['ignore', fifos?.writers[0] ?? 'pipe', fifos?.writers[1] ?? 'pipe'],
        detached: !windows,
        windowsHide: true,
      });
    } catch (error) {
      // Bad arguments (Node throws before any process exists): nothing will read the FIFOs.
      fifos?.readers.forEach((fd) => closeSync(fd));
      if (fifos) options.fifos!.giveBack(false);
      throw error;
    } finally {
      // The step has its own copies now (or none, if it did not start): only it and what it starts may write.
      fifos?.writers.forEach((fd) => closeSync(fd));
    }
    let stoppedBy: ProcessResult['stoppedBy'];
    let exited = false;
    let cancelTimer: (() => void) | undefined;
    const pid = child.pid;
    // Every process of the step, wherever it goes (Linux; elsewhere the group is all we have).
    const tracker = pid !== undefined && options.platform === 'linux' ? new StepTracker(pid, token) : undefined;
    tracker?.startPolling();

    const killGroup = (sig: NodeJS.Signals): boolean => {
      if (pid === undefined) return false;
      if (windows) {
        spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
        return false;
      }
      return signalGroup(pid, sig);
    };
    const groupAlive = (): boolean => pid !== undefined && !windows && groupHasLiveMembers(pid, options.platform);
    /** SIGTERM the group, SIGKILL whatever is left after the grace; resolves when it is empty. */
    const terminateGroup = async (): Promise<void> => {
      if (!killGroup('SIGTERM')) return;
      const deadline = Date.now() + options.graceMs;
      while (groupAlive() && Date.now() < deadline) await delay(10);
      if (groupAlive()) {
        killGroup('SIGKILL');
        const hardDeadline = Date.now() + 1000;
        while (groupAlive() && Date.now() < hardDeadline) await delay(10);
      }
    };
    /** The group and every other process carrying the step's token. */
    const terminateAll = (): Promise<unknown> => Promise.all([terminateGroup(), tracker?.terminate(options.graceMs)]);
    const stop = (why: 'timeout' | 'cancel') => {
      if (exited || stoppedBy) return;
      stoppedBy = why;
      void terminateAll();
    };

    const onAbort = () => stop('cancel');
    if (options.signal.aborted) queueMicrotask(onAbort);
    else options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) cancelTimer = setLongTimeout(() => stop('timeout'), options.timeoutMs);

    const streams = fifos ? readOutput(fifos.readers, options.sink) : readPipes(child, options.sink);

    const finish = (result: ProcessResult, outputRead: boolean) => {
      if (fifos) options.fifos!.giveBack(outputRead);
      cancelTimer?.();
      tracker?.stopPolling();
      options.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (exited) return;
      exited = true;
      streams.forEach((s) => s.destroy());
      finish({ exitCode: null, signal: null, spawnError: spawnReason(error, spec) }, false);
    });
    child.once('spawn', () => {
      if (pid !== undefined) options.onSpawn?.(pid);
    });
    child.once('exit', (code, sig) => {
      if (exited) return;
      exited = true;
      cancelTimer?.();
      void (async () => {
        // Background children may hold the pipes: end them (unless kept), then read what is left.
        // After a cancel or timeout they are being ended already: wait for that too.
        if (stoppedBy || !options.keepBackground) await terminateAll();
        else tracker?.stopPolling();
        // A process that escaped the group (setsid) but kept the output open: it is closed on it.
        const drained = await outputEnded(streams, options.graceMs);
        finish({ exitCode: code, signal: sig, stoppedBy }, drained);
      })();
    });
  });
}

/** child_process's pipes (where there are no FIFOs): each read is a fresh Buffer. */
function readPipes(child: ChildProcess, sink: OutputSink): Readable[] {
  const streams = [child.stdout!, child.stderr!];
  for (const [stream, name] of [[child.stdout!, 'stdout'], [child.stderr!, 'stderr']] as const) {
    stream.on('data', (data: Buffer) => deliver(sink, name, data, streams));
    stream.on('error', () => undefined);
  }
  return streams;
}

function spawnReason(error: NodeJS.ErrnoException, spec: ProcessSpec): string {
  if (error.code === 'ENOENT' && error.syscall?.includes('spawn')) {
    return `cannot start ${spec.file}: not found (or the working directory ${spec.cwd} does not exist)`;
  }
  return `cannot start ${spec.file}: ${error.message}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
