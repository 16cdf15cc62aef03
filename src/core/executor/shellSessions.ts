// The executor's seam for live shells: which steps run in one (bash, Linux, not interactive, not
// keep-background, not turned off), one LiveShell per run started on the first such step, a
// fresh one restored from the last good dump after a shell ended (exit, exec, cancel, timeout),
// and between runs the dump kept in memory only (the scratch directory goes with each run).
// Everything else keeps the one-spawn-per-step path (stepProcess.ts + the shellState wrapper).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeStep } from '../format/model';
import { LiveShell, type LiveStepOptions, type LiveStepResult, type SavedShell } from './liveShell';
import { findExecutable } from './which';
import type { ShellState } from './types';

/** `RUNBOOK_SHELL_SESSION=0` in the environment (or `tuning.shellSession: false`) turns live shells off. */
export const SHELL_SESSION_VAR = 'RUNBOOK_SHELL_SESSION';

export class ShellSessions {
  private shell?: LiveShell;
  private saved?: SavedShell;
  private scratch?: string;
  private runs = 0;
  /** Set when a live shell could not start: the rest of the run keeps one spawn per step. */
  private unavailable = false;
  /** A shell being started ahead of the run's first live step (warm). */
  private starting?: Promise<void>;

  constructor(
    private readonly enabled: boolean,
    private readonly platform: NodeJS.Platform,
  ) {}

  /** Whether this step runs in the live shell (the planned interpreter is `label`). */
  handles(step: CodeStep, label: string): boolean {
    return this.enabled && !this.unavailable && this.platform === 'linux' && label === 'bash' && !step.interactive && step.keepBackground !== true && this.scratch !== undefined;
  }

  /** Whether the run's live shell is up (the next live step runs in it, in its current directory). */
  get running(): boolean {
    return this.shell?.alive === true;
  }

  beginRun(scratch: string): void {
    this.scratch = scratch;
    this.unavailable = false;
    this.runs++;
  }

  /**
   * Starts the run's live shell now, ahead of its first live step (the run host does while its
   * client attaches): the shell's start overlaps with that instead of following the first step's
   * start record. It runs nothing of the runbook; a run that never uses it ends it with the run.
   */
  warm(shellFile: string, state: ShellState): void {
    if (this.starting || this.shell?.alive || this.unavailable || !this.scratch) return;
    this.starting = this.startShell(shellFile, state).then(
      () => undefined,
      () => undefined,
    ).finally(() => (this.starting = undefined));
  }

  /** Ends the run's shell, keeping its last good dump in memory for the next run. */
  async endRun(graceMs: number): Promise<void> {
    await this.starting;
    const shell = this.shell;
    this.shell = undefined;
    this.scratch = undefined;
    if (!shell) return;
    this.saved = shell.saved() ?? this.saved;
    await shell.close(graceMs);
  }

  /** Runs a step in the live shell (starting or restoring one first); undefined: use the one-spawn path. */
  async run(shellFile: string, state: ShellState, options: Omit<LiveStepOptions, 'state'>): Promise<LiveStepResult | undefined> {
    await this.starting;
    if (!this.shell?.alive && !(await this.startShell(shellFile, state))) return undefined;
    return this.shell!.runStep({ ...options, state });
  }

  /** A fresh shell (restored from the last good dump, if any); false: the run keeps one spawn per step. */
  private async startShell(shellFile: string, state: ShellState): Promise<boolean> {
    if (this.shell) this.saved = this.shell.saved() ?? this.saved;
    this.shell = undefined;
    const mkfifo = findExecutable('mkfifo', state.env, this.platform);
    if (!mkfifo || !this.scratch || this.unavailable) return false;
    const dir = join(this.scratch, `shell${this.runs}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(dir, { mode: 0o700 });
    this.shell = await LiveShell.start(shellFile, dir, mkfifo, state, this.saved);
    // A shell that cannot start (bash before 4.4, FIFOs refused) will not start for the next step either.
    if (!this.shell) this.unavailable = true;
    return this.shell !== undefined;
  }

  /** The executor settled on this state after a live step. */
  adopt(state: ShellState): void {
    this.shell?.adopt(state);
  }
}
