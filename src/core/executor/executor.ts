// The Executor: run order (all, one, from a step), confirm gates, manual checks, cancel,
// shell state between steps, observers. One run at a time per instance; the instance keeps the
// shell state between runs, as a terminal would.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckStep, CodeStep, Step, TargetOs } from '../format/model';
import { stopsRun } from '../run/status';
import { EMPTY_OUTPUT, isDirectory, resolveDir, runAttempt } from './codeStep';
import { planCommand } from './runners';
import { resolveVariables, type VariableError } from './variables';
import { missingVariables, missingVariablesMessage } from './missingVariables';
import { SHELL_SESSION_VAR, ShellSessions } from './shellSessions';
import { StepFifos } from './stepFifos';
import { defaultScratchBase, makeScratchDir } from './scratchDir';
import { errorMessage } from '../text/errorMessage';
import type {
  ExecutionObserver,
  ExecutorOptions,
  OutputChunk,
  RunStatus,
  RunSummary,
  ShellState,
  StepOutcome,
  StepResult,
  StepStatus,
} from './types';

/** Thrown by the constructor when variables are invalid, and by a run when one it needs has no value (call resolveVariables and missingVariables first to show them nicely). */
export class VariableResolutionError extends Error {
  constructor(readonly errors: readonly VariableError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

const OS_OF: Partial<Record<NodeJS.Platform, TargetOs>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

export class Executor {
  private readonly secrets: readonly string[];
  private readonly platform: NodeJS.Platform;
  private readonly attempts = new Map<string, number>();
  private state: ShellState;
  private controller?: AbortController;
  private running = false;
  /** Set when the recorder (the session) failed in this run: nothing more runs. */
  private unrecorded: unknown;
  private seq = 0;
  private readonly shells: ShellSessions;
  private readonly fifos: StepFifos;
  /** The next run's scratch directory, made ahead of it by prepare(). */
  private prepared?: string;

  constructor(private readonly options: ExecutorOptions) {
    const resolution = resolveVariables(options.runbook, options.variables);
    if (!resolution.ok) throw new VariableResolutionError(resolution.errors);
    this.secrets = resolution.secretValues;
    this.platform = options.platform ?? process.platform;
    for (const [id, n] of Object.entries(options.tuning?.previousAttempts ?? {})) this.attempts.set(id, n);
    const liveShells = options.tuning?.shellSession ?? (options.env ?? process.env)[SHELL_SESSION_VAR] !== '0';
    this.shells = new ShellSessions(liveShells, this.platform);
    this.fifos = new StepFifos(this.platform);
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.env ?? process.env)) if (v !== undefined) base[k] = v;
    this.state = {
      cwd: resolveDir(options.runbook.cwd ?? '.', options.baseDir),
      env: { ...base, ...resolution.values },
    };
  }

  /** The shell state the next step starts from (cwd, exported environment). */
  get shellState(): ShellState {
    return this.state;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Runs every step except those marked `excludeFromRunAll` (they run only by hand, with runStep). */
  runAll(): Promise<RunSummary> {
    return this.run(this.options.runbook.steps.filter(inRunAll));
  }

  /** Runs the step with this id and every step after it (passing over `excludeFromRunAll` ones, this one too). */
  async runFrom(id: string): Promise<RunSummary> {
    const steps = this.options.runbook.steps;
    return this.run(steps.slice(this.indexOf(id)).filter(inRunAll));
  }

  /** Runs one step (a code step, or asks for a manual check). */
  async runStep(id: string): Promise<RunSummary> {
    return this.run([this.options.runbook.steps[this.indexOf(id)]!]);
  }

  /**
   * Readies the next run ahead of it: its scratch directory and, when a step of the runbook runs in
   * a live shell, that shell (the run host calls this while its client attaches; run() does
   * whatever was not done). Nothing of the runbook runs. dispose() undoes it if no run follows.
   */
  prepare(): void {
    if (this.running || this.prepared !== undefined) return;
    const scratch = (this.prepared = this.newScratch());
    // The shell starts in the run's directory: a missing one is the first step's error to report, as without this.
    if (!isDirectory(this.state.cwd)) return;
    for (const step of this.options.runbook.steps) {
      if (step.kind !== 'code' || step.notRunnable !== undefined || step.interactive) continue;
      const plan = planCommand(step, this.options.runbook, join(scratch, 'plan'), this.state.env, this.platform);
      if (plan.ok && this.shells.handles(step, plan.command.label)) {
        this.shells.warm(plan.command.file, this.state);
        return;
      }
    }
  }

  /** A run's private scratch directory (its steps' scripts, its live shell's files), and the run's shells begun in it. */
  private newScratch(): string {
    const scratch = makeScratchDir(this.options.tuning?.scratchDir ?? defaultScratchBase());
    this.shells.beginRun(scratch);
    return scratch;
  }

  /** Ends what prepare() readied for a run that will not come (the run host exits first). */
  async dispose(): Promise<void> {
    const scratch = this.prepared;
    if (this.running || scratch === undefined) return;
    this.prepared = undefined;
    await this.endScratch(scratch);
  }

  /** A run's end (or a prepared run's that never came): its shells end, its scratch directory goes. */
  private async endScratch(scratch: string): Promise<void> {
    await this.shells.endRun(this.options.tuning?.killGraceMs ?? 2000);
    await rm(scratch, { recursive: true, force: true });
  }

  /** Cancels the run: the running step's process group is killed; the rest is `not-run`. */
  cancel(): void {
    this.controller?.abort();
  }

  private indexOf(id: string): number {
    const index = this.options.runbook.steps.findIndex((s) => s.id === id);
    if (index < 0) throw new Error(`no step with id '${id}' in this runbook`);
    return index;
  }

  private async run(steps: readonly Step[]): Promise<RunSummary> {
    if (this.running) throw new Error('a run is already in progress');
    // The last guard: a step never runs with a declared variable silently empty (the shells ask first).
    const missing = missingVariables(this.options.runbook, steps, this.options.variables);
    if (missing.length > 0) throw new VariableResolutionError(missing.map((m) => ({ name: m.name, line: m.line, message: missingVariablesMessage([m]) })));
    this.running = true;
    this.unrecorded = undefined;
    const controller = (this.controller = new AbortController());
    const started = Date.now();
    const results: StepResult[] = [];
    let stop: StepResult | undefined;
    const scratch = this.prepared ?? this.newScratch();
    this.prepared = undefined;
    try {
      for (const step of steps) {
        if (stop || controller.signal.aborted) {
          const why = controller.signal.aborted ? 'the run was cancelled' : `the run stopped at step ${stop!.id}`;
          results.push(await this.notRun(step, why));
          continue;
        }
        const result = step.kind === 'check' ? await this.runCheck(step, controller.signal) : await this.runCode(step, scratch, controller.signal);
        results.push(result);
        if (result.status === 'cancelled' || this.unrecorded) stop = result;
        else if (stopsRun(result.status) && !(step.kind === 'code' && step.continueOnError)) stop = result;
      }
    } finally {
      await this.endScratch(scratch);
      this.running = false;
      this.controller = undefined;
    }
    const status: RunStatus = controller.signal.aborted
      ? 'cancelled'
      : stop?.status === 'blocked'
        ? 'blocked'
        : stop
          ? 'failed'
          : 'passed';
    return { status, steps: results, durationMs: Date.now() - started };
  }

  private async runCode(step: CodeStep, scratch: string, signal: AbortSignal): Promise<StepResult> {
    const here = OS_OF[this.platform] ?? this.platform;
    if (step.when && step.when !== here) {
      return this.finishWithout(step, 'skipped', `when=${step.when}: this host is ${here}`);
    }
    if (asksConfirmation(step)) {
      const answer = await raceAbort(this.options.host.confirm(step, step.confirm), signal);
      if (answer === 'aborted') return this.finishWithout(step, 'cancelled', 'cancelled');
      if (!answer) return this.finishWithout(step, 'blocked', 'not confirmed');
    }
    const attempt = (this.attempts.get(step.id) ?? 0) + 1;
    this.attempts.set(step.id, attempt);
    await this.emit((o) => o.onStepStart?.(step, attempt));
    if (this.unrecorded) return this.finishWithout(step, 'failed', `not run: the session could not record its start (${errorMessage(this.unrecorded)})`);
    const { outcome, state } = await runAttempt({
      step,
      runbook: this.options.runbook,
      baseDir: this.options.baseDir,
      state: this.state,
      secrets: this.secrets,
      outputPath: this.options.outputPath(step.id, attempt),
      host: this.options.host,
      platform: this.platform,
      scratchBase: join(scratch, String(++this.seq)),
      graceMs: this.options.tuning?.killGraceMs ?? 2000,
      tailBytes: this.options.tuning?.tailBytes ?? 256 * 1024,
      intervalMs: this.options.tuning?.outputIntervalMs ?? 33,
      signal,
      onChunks: (chunks) => this.emitOutput(step.id, chunks),
      shells: this.shells,
      fifos: this.fifos,
    });
    if (state) {
      this.state = state;
      this.shells.adopt(state);
    }
    await this.emit((o) => o.onStepEnd?.(step, outcome));
    return toResult(step, outcome);
  }

  private async runCheck(step: CheckStep, signal: AbortSignal): Promise<StepResult> {
    // Ticked earlier in this session (the panel, an earlier run): nothing to ask, nothing to record.
    if (this.options.isTicked?.(step.id)) return { id: step.id, kind: 'check', status: 'passed', exitCode: null, durationMs: 0, reason: 'ticked earlier in this session' };
    const decision = await raceAbort(this.options.host.decideCheck(step), signal);
    if (decision === 'aborted') return this.finishWithout(step, 'cancelled', 'cancelled');
    if (decision === 'blocked') return this.finishWithout(step, 'blocked', 'nobody answered the manual check');
    await this.emit((o) => o.onCheck?.(step, decision));
    return this.finishWithout(step, decision, decision === 'skipped' ? 'manual check skipped' : undefined);
  }

  /** A step that ends without a process: skipped, blocked, a check, not-run. */
  private async finishWithout(step: Step, status: StepStatus, reason?: string): Promise<StepResult> {
    const now = new Date().toISOString();
    const outcome: StepOutcome = {
      stepId: step.id,
      status,
      exitCode: null,
      durationMs: 0,
      startedAt: now,
      endedAt: now,
      output: EMPTY_OUTPUT,
      ...(reason ? { reason } : {}),
    };
    await this.emit((o) => o.onStepEnd?.(step, outcome));
    return toResult(step, outcome);
  }

  private notRun(step: Step, reason: string): Promise<StepResult> {
    return this.finishWithout(step, 'not-run', reason);
  }

  private async emit(call: (o: ExecutionObserver) => void | Promise<void>): Promise<void> {
    const recorder = this.options.recorder;
    if (recorder && !this.unrecorded) {
      try {
        await call(recorder);
      } catch (error) {
        // The session cannot record (a full disk): what follows is not run (see ExecutorOptions.recorder).
        this.unrecorded = error;
        this.report(error);
      }
    }
    for (const observer of this.options.observers ?? []) {
      try {
        await call(observer);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private emitOutput(stepId: string, chunks: readonly OutputChunk[]): void {
    for (const observer of this.options.observers ?? []) {
      try {
        observer.onOutput?.(stepId, chunks);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private report(error: unknown): void {
    const report = this.options.onObserverError ?? ((e: unknown) => console.error(`runbook: an observer failed: ${errorMessage(e)}`));
    report(error);
  }
}

/** Runme's `excludeFromRunAll`: such a step is left out of Run all / Run from here, not recorded as skipped. */
function inRunAll(step: Step): boolean {
  return !(step.kind === 'code' && step.excludeFromRunAll);
}

function toResult(step: Step, outcome: StepOutcome): StepResult {
  const ran = outcome.output !== EMPTY_OUTPUT;
  return {
    id: step.id,
    kind: step.kind,
    status: outcome.status,
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(ran ? { output: outcome.output } : {}),
  };
}

async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  if (signal.aborted) return 'aborted';
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Whether a step asks its `confirm` question before it runs: one that will not run (runAttempt refuses it) asks none. */
export function asksConfirmation(step: CodeStep): step is CodeStep & { confirm: string } {
  return step.confirm !== undefined && step.notRunnable === undefined;
}
