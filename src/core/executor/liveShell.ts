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
//    restored from the last good dump (variables, functions, aliases, options, traps, limits…).
// A step that leaves the shell unsafe for the executor's own commands is recorded with its status
// and its shell replaced the same way (liveShellScript.ts says how that is found); one that made
// the shell skip every command is found here: the shell waits for input while the step's end is
// still awaited. Linux only (the step's processes are found through /proc). docs/executor.md has the rules.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { limitLines, makeFifos, OPTIONS_FILE, optionLines, restoreLine, shellQuote, startProgram, stepLine, syncLines, type ShellFiles } from './liveShellScript';
import { outputEnded, readOutput } from './fifoOutput';
import { FifoPool } from './fifoPool';
import { groupHasLiveMembers, signalGroup } from './processGroup';
import { fdTarget, lastAllocatedPid, waitsOnStdin } from './processes';
import { parseState } from './shellState';
import type { OutputSink, ProcessResult } from './stepProcess';
import { newStepToken, StepTracker, TRACK_POLL_MS } from './stepTracker';
import { setLongTimeout } from './timers';
import { removeFile } from './removeFile';
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
  /** A step-level cwd (the shell returns to its own before the next step). */
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

/** How a step's line ended: the shell's report, its exit, or a shell found idle without a report. */
interface LineEnd {
  readonly code: number | null;
  readonly signal: string | null;
  /** The dump slot holding this step's state, if it was dumped. */
  readonly dumped?: string;
  /** The shell no longer runs the executor's commands: it is replaced. */
  readonly broken?: boolean;
}

/** Where in an output chunk the trace of the executor's call can be (see openOutput). */
const TRACE_WINDOW = 8192;

export class LiveShell {
  private readonly child: ChildProcess;
  private readonly files: ShellFiles;
  private readonly fifos: FifoPool;
  private seq = 0;
  /** The shell's start time in /proc (read at its first step, for the step trackers). */
  private shellStartTime?: number;
  private slot = 0;
  /** The last slot whose dump is complete ('0', '1', or 'x' for an exit dump). */
  private goodSlot?: string;
  private buffered = '';
  /** Control messages received so far (the idle check compares counts). */
  private messages = 0;
  private listener?: (kind: string, fields: string[]) => void;
  /** What the step or request in progress does when the shell exits (one at a time). */
  private onExit?: () => void;
  private exitInfo?: { code: number | null; signal: string | null };
  private killed = false;
  private ctl?: { fd: number; keep: number; socket: Socket };
  /** fd 0 of the shell (our pipe), to tell "waits for its next line" from any other read. */
  private stdin?: string;
  /** The exported environment the shell has (as of its last dump or synchronisation). */
  private shellEnv: Readonly<Record<string, string>>;
  /** The executor state the shell is known to match; anything else is synchronised first. */
  private matches?: ShellState;
  private pendingPrefix = '';
  /** The last state file read and what it parsed to: an unchanged dump is not parsed again. */
  private lastDump?: { raw: Buffer; state: ShellState | undefined; limits: string };
  /** The soft limits (`ulimit -S -a`) of the last good dump. */
  private goodLimits = '';

  private constructor(
    file: string,
    dir: string,
    private readonly mkfifo: string,
    state: ShellState,
    saved: SavedShell | undefined,
  ) {
    this.files = { dir, scratch: dirname(dir), ctl: join(dir, 'ctl'), nonce: randomBytes(8).toString('hex'), traceKey: randomBytes(8).toString('hex') };
    this.fifos = new FifoPool(dir, 'fifo');
    this.child = spawn(file, ['-s'], {
      cwd: state.cwd,
      env: spawnEnv(state),
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    this.child.stdin!.on('error', () => undefined);
    this.child.once('exit', (code, signal) => this.ended({ code, signal }));
    this.child.once('error', () => this.ended({ code: null, signal: null }));
    // stdout carries the start program's `R` only (then the shell points it at /dev/null).
    const stdout = this.child.stdout!;
    stdout.setEncoding('latin1');
    stdout.on('data', (text: string) => this.onControl(text));
    for (const path of ['state', 'restore0', 'restore1', 'restorex']) writeFileSync(join(dir, path), '', { mode: 0o600 });
    this.shellEnv = state.env;
    this.matches = state;
    if (saved) {
      const restore = join(dir, 'restore-saved');
      writeFileSync(restore, saved.restore, { mode: 0o600 });
      this.pendingPrefix = restoreLine(restore);
      this.shellEnv = saved.env;
      this.matches = undefined;
    }
  }

  /** Starts a shell; resolves once it runs the start-up program (undefined if it could not start). */
  static async start(file: string, dir: string, mkfifo: string, state: ShellState, saved?: SavedShell): Promise<LiveShell | undefined> {
    const shell = new LiveShell(file, dir, mkfifo, state, saved);
    // Sourced from a file, not fed through stdin: bash reads a pipe one byte per read() (it must
    // not read past a line the next command may need), ~4,000 calls for the program; a file it
    // reads whole. The file goes once the shell has run it.
    const program = join(dir, 'start');
    // The start program makes the first batch: they exist once it says `R 0` (else the shell is not used).
    const first = shell.fifos.nextBatch();
    writeFileSync(program, startProgram(shell.files, mkfifo, first), { mode: 0o600 });
    shell.fifos.add(first);
    const ready = await shell.send(`. ${shellQuote(program)}\n`, 'R');
    removeFile(program);
    if (ready?.[0] !== '0' || !shell.openControl()) {
      await shell.close(0);
      return undefined;
    }
    return shell;
  }

  /** False once the shell exited or was killed (its exit may not have been reported yet). */
  get alive(): boolean {
    return this.exitInfo === undefined && !this.killed;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last good dump (for the next shell), read before the scratch directory goes. */
  saved(): SavedShell | undefined {
    if (this.goodSlot === undefined) return undefined;
    try {
      const restore = readFileSync(join(this.files.dir, `restore${this.goodSlot}`));
      const options = optionLines(readFileSync(join(this.files.dir, OPTIONS_FILE), 'latin1'), restore.toString('latin1'));
      return { restore: Buffer.concat([Buffer.from(options.before), restore, Buffer.from(options.after + limitLines(this.goodLimits))]), env: this.shellEnv };
    } catch {
      return undefined;
    }
  }

  /** Ends the shell (EOF on its stdin), then its whole group if it lingers. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin!.end();
    if (this.alive) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((r) => (this.onExit = r));
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, Math.min(graceMs, 1000))))]);
      clearTimeout(timer);
    }
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
    this.closeControl();
  }

  async runStep(o: LiveStepOptions): Promise<LiveStepResult | undefined> {
    const pid = this.child.pid!;
    let pair = this.fifos.take();
    if (!pair) {
      const batch = this.fifos.nextBatch();
      const made = await this.send(makeFifos(this.mkfifo, batch), 'R');
      if (made?.[0] !== '0') {
        // The shell ended or cannot make FIFOs (no space, a huge environment): this step runs on its own.
        await this.close(o.graceMs);
        return undefined;
      }
      this.fifos.add(batch);
      pair = this.fifos.take()!;
    }
    const [out, err] = pair;
    // Opened before the shell opens them for writing (so its open never blocks); read only after `B`.
    const fds = [openSync(out, constants.O_RDONLY | constants.O_NONBLOCK), openSync(err, constants.O_RDONLY | constants.O_NONBLOCK)];
    const token = newStepToken();
    const seq = String(++this.seq);
    const slot = (this.slot = 1 - this.slot);
    let prefix = this.pendingPrefix;
    this.pendingPrefix = '';
    if (this.matches !== o.state) prefix += syncLines(this.shellEnv, o.state);
    // Only pids allocated from here on can be the step's (the shell itself is older).
    const tracker = new StepTracker(pid, token, (lastAllocatedPid() ?? pid) + 1, this.shellStartTime);
    if (tracker.rootStartTime > 0) this.shellStartTime = tracker.rootStartTime;
    tracker.startPolling();
    o.onSpawn?.(pid);

    let stoppedBy: ProcessResult['stoppedBy'];
    let ended = false;
    let sockets: Socket[] = [];
    const killShell = async (): Promise<void> => {
      this.killed = true;
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

    const key = Buffer.from(this.files.traceKey);
    const cut = { stdout: false, stderr: false };
    // The trace of the executor's own call (set -x with BASH_XTRACEFD on this stream): its line and all after it go.
    // bash writes it after the step's own output, with only its next few trace lines behind it: the search looks
    // at a chunk's last TRACE_WINDOW bytes (a whole search costs ~6 % of a flood's throughput).
    const cutTrace = (name: OutputStream, data: Buffer): Buffer => {
      if (cut[name]) return data.subarray(0, 0);
      const at = data.indexOf(key, Math.max(0, data.length - TRACE_WINDOW));
      if (at < 0) return data;
      cut[name] = true;
      return data.subarray(0, data.lastIndexOf(10, at) + 1);
    };
    const openOutput = () => {
      sockets = readOutput([fds[0]!, fds[1]!], o.sink, cutTrace);
    };
    // The step's end: `E` from the shell, its exit, or the shell found waiting for input without either.
    let stopIdle = () => {};
    const end = await new Promise<LineEnd>((resolve) => {
      let told: number | undefined;
      this.listener = (kind, fields) => {
        if (kind === 'B' && fields[0] === seq && sockets.length === 0) openOutput();
        else if (kind === 'S') told = Number.parseInt(fields[0] ?? '', 10);
        else if (kind === 'E' && fields[0] === seq) resolve({ code: Number(fields[2]), signal: null, dumped: fields[1] });
      };
      this.onExit = () => {
        const info = this.exitInfo ?? { code: null, signal: null };
        const byExit = this.exitedIn(seq) ? 'x' : undefined;
        resolve(told !== undefined && !Number.isNaN(told) ? { code: told, signal: null } : { ...info, ...(byExit ? { dumped: byExit } : {}) });
      };
      if (this.exitInfo) this.onExit();
      stopIdle = this.watchIdle(() => resolve({ code: told !== undefined && !Number.isNaN(told) ? told : null, signal: null, broken: true }));
      this.write(prefix + stepLine({ files: this.files, script: o.script, out, err, token, seq: Number(seq), slot, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) }));
    });
    ended = true;
    stopIdle();
    this.listener = undefined;
    this.onExit = undefined;
    cancelTimer?.();
    // A shell that stopped running our commands may run nothing of the step's: no SIGTERM (traps), SIGKILL.
    if (end.broken) {
      this.killed = true;
      signalGroup(pid, 'SIGKILL');
    }
    // The shell is done with the step: end what it left behind (or, after a stop, wait for that).
    if (stoppedBy) await Promise.all([killShell(), tracker.terminate(o.graceMs)]);
    else await tracker.terminate(o.graceMs);
    o.signal.removeEventListener('abort', onAbort);

    let drained = true;
    if (sockets.length === 0) fds.forEach((fd) => closeSync(fd));
    // An escaped process (or the shell itself) that kept them open: they are destroyed, never reused.
    else drained = await outputEnded(sockets, o.graceMs);
    this.fifos.giveBack(pair, drained);

    let state: ShellState | undefined;
    if (end.dumped !== undefined && !stoppedBy && !end.broken) {
      this.goodSlot = end.dumped;
      state = this.readState();
      this.goodLimits = this.lastDump?.limits ?? '';
      if (state) {
        this.shellEnv = state.env;
        this.matches = o.cwd !== undefined ? undefined : state;
      }
    }
    // After a step-level cwd the shell goes back to the run's directory before anything else.
    if (o.cwd !== undefined) this.pendingPrefix += `\\builtin cd -- ${shellQuote(o.state.cwd)} 2>/dev/null\n`;
    const result = { exitCode: end.code, signal: end.signal, ...(stoppedBy ? { stoppedBy } : {}), ...(state ? { state } : {}) };
    if (end.broken && end.code === null && !stoppedBy) {
      return { ...result, spawnError: 'the step left its shell unable to run commands (an extdebug DEBUG trap that fails?); its status is unknown, and the next step gets a fresh shell' };
    }
    return result;
  }

  /** Marks the state the executor settled on after this shell's step (a step-level cwd keeps the old cwd). */
  adopt(state: ShellState): void {
    if (this.shellEnv === state.env && this.pendingPrefix === '') this.matches = state;
  }

  /** The state file, parsed only when it differs from the last one read (most steps change nothing exported). */
  private readState(): ShellState | undefined {
    let raw: Buffer;
    try {
      raw = readFileSync(join(this.files.dir, 'state'));
    } catch {
      return undefined;
    }
    if (this.lastDump?.raw.equals(raw)) return this.lastDump.state;
    // `$PWD` NUL `export -p` NUL `ulimit -S -a`
    const limitsAt = raw.indexOf(0, raw.indexOf(0) + 1);
    const state = parseState(limitsAt < 0 ? raw : raw.subarray(0, limitsAt), 'export-p');
    this.lastDump = { raw, state, limits: limitsAt < 0 ? '' : raw.toString('latin1', limitsAt + 1) };
    return state;
  }

  /** Whether the EXIT trap dumped the state of step `seq` (a step that ran `exit`, or `set -e`). */
  private exitedIn(seq: string): boolean {
    try {
      return readFileSync(join(this.files.dir, 'exited'), 'latin1').split(' ')[1] === seq;
    } catch {
      return false;
    }
  }

  /**
   * While a reply is awaited: a shell found twice in a row waiting for its next line, with every
   * message it wrote read and none new, will not reply (a step made its commands no-ops).
   */
  private watchIdle(onIdle: () => void): () => void {
    let seenAt = -1;
    const timer = setInterval(() => {
      const pid = this.child.pid;
      if (!this.alive || pid === undefined || this.stdin === undefined || waitsOnStdin(pid, this.stdin) !== true) {
        seenAt = -1;
        return;
      }
      this.drainControl();
      if (seenAt === this.messages) onIdle();
      else seenAt = this.messages;
    }, TRACK_POLL_MS);
    return () => clearInterval(timer);
  }

  /** Opens the control FIFO (with a writer of our own, so it never reads end-of-file). */
  private openControl(): boolean {
    try {
      const fd = openSync(this.files.ctl, constants.O_RDONLY | constants.O_NONBLOCK);
      const keep = openSync(this.files.ctl, constants.O_WRONLY | constants.O_NONBLOCK);
      const socket = new Socket({ fd, readable: true, writable: false });
      socket.setEncoding('latin1');
      socket.on('data', (text: string) => this.onControl(text));
      socket.on('error', () => undefined);
      this.ctl = { fd, keep, socket };
      this.stdin = fdTarget(this.child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Reads what the shell wrote to the control FIFO and was not read yet (at its exit, on an idle check). */
  private drainControl(): void {
    if (!this.ctl) return;
    const buf = Buffer.alloc(65536);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.ctl.fd, buf, 0, buf.length, null);
      } catch {
        return; // EAGAIN: nothing more
      }
      if (n <= 0) return;
      this.onControl(buf.toString('latin1', 0, n));
    }
  }

  private closeControl(): void {
    if (!this.ctl) return;
    this.ctl.socket.destroy();
    closeSync(this.ctl.keep);
    this.ctl = undefined;
  }

  private ended(info: { code: number | null; signal: string | null }): void {
    if (this.exitInfo) return;
    this.exitInfo = info;
    this.drainControl(); // messages written just before the exit
    this.onExit?.();
    this.closeControl();
  }

  /** Sends text and waits for the control message `kind`: its fields, or undefined if the shell ended or went idle first. */
  private send(text: string, kind: string): Promise<string[] | undefined> {
    return new Promise((resolve) => {
      let stopIdle = () => {};
      const done = (fields: string[] | undefined) => {
        stopIdle();
        this.listener = undefined;
        this.onExit = undefined;
        resolve(fields);
      };
      this.listener = (k, fields) => k === kind && done(fields);
      this.onExit = () => done(undefined);
      if (this.exitInfo) return done(undefined);
      stopIdle = this.watchIdle(() => done(undefined));
      this.write(text);
    });
  }

  private write(text: string): void {
    if (this.exitInfo === undefined) this.child.stdin!.write(text);
  }

  /** Control lines: `<nonce> KIND fields…` anywhere in the line (bash prefixes an `S` with its error text). */
  private onControl(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const at = line.indexOf(`${this.files.nonce} `);
      if (at < 0) continue;
      const fields = line.slice(at + this.files.nonce.length + 1).split(' ');
      this.messages++;
      if (fields[0]) this.listener?.(fields[0], fields.slice(1));
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
