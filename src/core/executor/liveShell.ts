// One live bash per run: steps are sourced in the same shell process (liveShellScript.ts), so a
// step costs a line on the shell's stdin instead of a spawn, and functions, aliases, options and
// unexported variables carry over as in a terminal. Each step is still its own job:
//  - its stdout and stderr go to FIFOs of its own (opened here before the shell opens them, read
//    only once the shell says `B`), so a background process it leaves behind never writes into
//    the next step's output; the step's output ends when every writer has closed them;
//  - its processes carry their own RUNBOOK_STEP_TOKEN and are the shell's children or in its
//    process group: after the step they are ended like a one-spawn step's (StepTracker);
//  - Cancel and timeouts end the shell's whole group and every token carrier; the shell is then
//    gone, as it is after `exit`, `exec` or `kill $$`, and the next step gets a fresh shell
//    restored from the last good dump (variables, functions, aliases, options, umask, cwd).
// Linux only (the step's processes are found through /proc). docs/executor.md has the rules.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeFifos, restoreLine, startProgram, stepLine, syncLines } from './liveShellScript';
import { groupHasLiveMembers, signalGroup } from './processGroup';
import { lastAllocatedPid } from './processes';
import { parseState } from './shellState';
import type { OutputSink, ProcessResult } from './stepProcess';
import { newStepToken, StepTracker } from './stepTracker';
import { setLongTimeout } from './timers';
import type { OutputStream, ShellState } from './types';

/** What a finished live shell leaves for the next one: its last good dump and the env in it. */
export interface SavedShell {
  readonly restore: Buffer;
  readonly env: Readonly<Record<string, string>>;
}

export interface LiveStepOptions {
  readonly script: string;
  /** The executor's state before the step: the shell is brought in line with it first. */
  readonly state: ShellState;
  /** A step-level cwd (the shell returns to its own afterwards). */
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly sink: OutputSink;
  readonly onSpawn?: (pid: number) => void;
}

export interface LiveStepResult extends ProcessResult {
  /** The state the step left (its dump), when it reached the end of the step or `exit`. */
  readonly state?: ShellState;
}

const FIFO_BATCH = 4;

export class LiveShell {
  private readonly child: ChildProcess;
  private readonly nonce = randomBytes(8).toString('hex');
  private readonly fifos: string[] = [];
  private fifoSeq = 0;
  private slot = 0;
  /** The last slot whose dump is complete (-1: none yet). */
  private goodSlot = -1;
  private buffered = '';
  private listener?: (kind: string, fields: string[]) => void;
  /** What the step or request in progress does when the shell exits (one at a time). */
  private onExit?: () => void;
  private exitInfo?: { code: number | null; signal: string | null };
  private readonly exited: Promise<void>;
  private readonly controlClosed: Promise<void>;
  /** The exported environment the shell has (as of its last dump or synchronisation). */
  private shellEnv: Readonly<Record<string, string>>;
  /** The executor state the shell is known to match; anything else is synchronised first. */
  private matches?: ShellState;
  private pendingPrefix = '';

  private constructor(
    file: string,
    private readonly dir: string,
    private readonly mkfifo: string,
    state: ShellState,
    saved: SavedShell | undefined,
  ) {
    this.child = spawn(file, ['-s'], {
      cwd: state.cwd,
      env: spawnEnv(state),
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    this.child.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        this.onExit?.();
        resolve();
      });
      this.child.once('error', () => {
        this.exitInfo ??= { code: null, signal: null };
        this.onExit?.();
        resolve();
      });
    });
    const stdout = this.child.stdout!;
    this.controlClosed = new Promise((resolve) => stdout.once('close', () => resolve()));
    stdout.setEncoding('latin1');
    stdout.on('data', (text: string) => this.onControl(text));
    for (const path of ['state', 'restore0', 'restore1']) writeFileSync(join(dir, path), '', { mode: 0o600 });
    this.shellEnv = state.env;
    this.matches = state;
    if (saved) {
      const restore = join(dir, 'restore-saved');
      writeFileSync(restore, saved.restore, { mode: 0o600 });
      this.pendingPrefix = restoreLine(restore, dir, this.nonce);
      this.shellEnv = saved.env;
      this.matches = undefined;
    }
  }

  /** Starts a shell; resolves once it runs the start-up program (undefined if it could not start). */
  static async start(file: string, dir: string, mkfifo: string, state: ShellState, saved?: SavedShell): Promise<LiveShell | undefined> {
    const shell = new LiveShell(file, dir, mkfifo, state, saved);
    const ready = await shell.send(startProgram(dir, shell.nonce, mkfifo, shell.newFifos()), 'R');
    return ready ? shell : undefined;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last good dump (for the next shell), read before the scratch directory goes. */
  saved(): SavedShell | undefined {
    if (this.goodSlot < 0) return undefined;
    try {
      return { restore: readFileSync(join(this.dir, `restore${this.goodSlot}`)), env: this.shellEnv };
    } catch {
      return undefined;
    }
  }

  /** Ends the shell (EOF on its stdin), then its whole group if it lingers. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, Math.min(graceMs, 1000))))]);
    clearTimeout(timer);
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }

  async runStep(o: LiveStepOptions): Promise<LiveStepResult> {
    const pid = this.child.pid!;
    if (this.fifos.length < 2 && !(await this.send(makeFifos(this.mkfifo, this.newFifos()), 'R'))) {
      return { exitCode: null, signal: null, spawnError: 'the live shell ended before the step started' };
    }
    const out = this.fifos.shift()!;
    const err = this.fifos.shift()!;
    // Opened before the shell opens them for writing (so its open never blocks); read only after `B`.
    const fds = [openSync(out, constants.O_RDONLY | constants.O_NONBLOCK), openSync(err, constants.O_RDONLY | constants.O_NONBLOCK)];
    const token = newStepToken();
    const slot = (this.slot = 1 - this.slot);
    let prefix = this.pendingPrefix;
    this.pendingPrefix = '';
    if (this.matches !== o.state) prefix += syncLines(this.shellEnv, o.state);
    // Only pids allocated from here on can be the step's (the shell itself is older).
    const tracker = new StepTracker(pid, token, (lastAllocatedPid() ?? pid) + 1);
    tracker.startPolling();
    o.onSpawn?.(pid);

    let stoppedBy: ProcessResult['stoppedBy'];
    let ended = false;
    let sockets: Socket[] = [];
    const killShell = async (): Promise<void> => {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + o.graceMs;
      while (groupHasLiveMembers(pid, 'linux') && Date.now() < deadline) await delay(10);
      if (groupHasLiveMembers(pid, 'linux')) signalGroup(pid, 'SIGKILL');
    };
    const stop = (why: 'timeout' | 'cancel') => {
      if (ended || stoppedBy) return;
      stoppedBy = why;
      void Promise.all([killShell(), tracker.terminate(o.graceMs)]);
    };
    const onAbort = () => stop('cancel');
    if (o.signal.aborted) queueMicrotask(onAbort);
    else o.signal.addEventListener('abort', onAbort, { once: true });
    const cancelTimer = o.timeoutMs !== undefined ? setLongTimeout(() => stop('timeout'), o.timeoutMs) : undefined;

    const openOutput = () => {
      sockets = fds.map((fd, i) => {
        const socket = new Socket({ fd, readable: true, writable: false });
        const name: OutputStream = i === 0 ? 'stdout' : 'stderr';
        socket.on('data', (data: Buffer) => {
          if (!o.sink.write(name, data)) {
            sockets.forEach((s) => s.pause());
            o.sink.onceDrain(() => sockets.forEach((s) => s.resume()));
          }
        });
        socket.on('error', () => undefined);
        return socket;
      });
    };
    // The step's end: `E <status> <slot>` from the shell, or the shell's own exit without it.
    const end = await new Promise<{ code: number | null; signal: string | null; dumped: boolean }>((resolve) => {
      this.listener = (kind, fields) => {
        if (kind === 'B' && sockets.length === 0) openOutput();
        else if (kind === 'E') resolve({ code: Number(fields[0]), signal: null, dumped: Number(fields[1]) === slot });
      };
      this.onExit = () =>
        void (async () => {
          // Messages written just before the exit may still be in the pipe.
          await Promise.race([this.controlClosed, delay(200)]);
          resolve({ code: this.exitInfo?.code ?? null, signal: this.exitInfo?.signal ?? null, dumped: this.exitedIn(slot) });
        })();
      if (!this.alive) this.onExit();
      this.write(prefix + stepLine({ script: o.script, out, err, token, slot, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) }));
    });
    ended = true;
    this.listener = undefined;
    this.onExit = undefined;
    cancelTimer?.();
    // The shell is done with the step: end what it left behind (or, after a stop, wait for that).
    if (stoppedBy) await Promise.all([killShell(), tracker.terminate(o.graceMs)]);
    else await tracker.terminate(o.graceMs);
    o.signal.removeEventListener('abort', onAbort);

    let drained = true;
    if (sockets.length === 0) fds.forEach((fd) => closeSync(fd));
    else {
      let timer: NodeJS.Timeout | undefined;
      const closed = Promise.all(sockets.map((s) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())))));
      drained = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), o.graceMs)))]);
      clearTimeout(timer);
      if (!drained) sockets.forEach((s) => s.destroy()); // an escaped process kept them: never reuse these
    }
    if (drained) this.fifos.push(out, err);

    let state: ShellState | undefined;
    if (end.dumped && !stoppedBy) {
      this.goodSlot = slot;
      try {
        state = parseState(readFileSync(join(this.dir, 'state')), 'export-p');
      } catch {
        state = undefined;
      }
      if (state) {
        this.shellEnv = state.env;
        this.matches = o.cwd !== undefined ? undefined : state;
      }
    }
    return { exitCode: end.code, signal: end.signal, ...(stoppedBy ? { stoppedBy } : {}), ...(state ? { state } : {}) };
  }

  /** Marks the state the executor settled on after this shell's step (a step-level cwd keeps the old cwd). */
  adopt(state: ShellState): void {
    if (this.shellEnv === state.env) this.matches = state;
  }

  /** Whether the EXIT trap dumped the state of the step in `slot` (a step that ran `exit`, or `set -e`). */
  private exitedIn(slot: number): boolean {
    try {
      return readFileSync(join(this.dir, 'exited'), 'latin1').split(' ')[1] === String(slot);
    } catch {
      return false;
    }
  }

  private newFifos(): string[] {
    const made: string[] = [];
    for (let i = 0; i < FIFO_BATCH; i++) made.push(join(this.dir, `fifo${this.fifoSeq++}`));
    this.fifos.push(...made);
    return made;
  }

  /** Sends text and waits for the control message `kind` (false if the shell ended first). */
  private send(text: string, kind: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.listener = (k) => {
        if (k === kind) {
          this.listener = undefined;
          this.onExit = undefined;
          resolve(true);
        }
      };
      this.onExit = () => resolve(false);
      if (!this.alive) this.onExit();
      this.write(text);
    });
  }

  private write(text: string): void {
    if (this.alive) this.child.stdin!.write(text);
  }

  private onControl(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const fields = line.split(' ');
      if (fields[0] === this.nonce && fields[1]) this.listener?.(fields[1], fields.slice(2));
    }
  }
}

/** The shell starts as a first-level shell in the state's directory (SHLVL and `_` are its own). */
function spawnEnv(state: ShellState): Record<string, string> {
  const env: Record<string, string> = { ...state.env, PWD: state.cwd };
  delete env.SHLVL;
  delete env._;
  return env;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
