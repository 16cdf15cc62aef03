// Runs one attempt of a code step: plan the command, write the script, spawn (or hand an
// interactive step to the host), capture output, read back the shell state, judge the result.
import { statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CodeStep, Runbook } from '../format/model';
import { formatDuration } from '../run/units';
import { judge } from './expectations';
import { OutputCapture } from './outputCapture';
import { SecretMasker } from './secretMasker';
import { planCommand } from './runners';
import { readStateFile } from './shellState';
import { removeFile } from './removeFile';
import { compareWithSample } from './transcriptCompare';
import { runProcess, type ProcessResult } from './stepProcess';
import type { LiveStepResult } from './liveShell';
import type { ShellSessions } from './shellSessions';
import type { StepFifos } from './stepFifos';
import type { ExecutorHost, OutputChunk, OutputSummary, ShellState, StepOutcome, StepStatus } from './types';

export interface AttemptContext {
  readonly step: CodeStep;
  readonly runbook: Runbook;
  readonly baseDir: string;
  readonly state: ShellState;
  readonly secrets: readonly string[];
  readonly outputPath: string;
  readonly host: ExecutorHost;
  readonly platform: NodeJS.Platform;
  /** Unique path prefix in the run's private scratch directory. */
  readonly scratchBase: string;
  readonly graceMs: number;
  readonly tailBytes: number;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly onChunks: (chunks: readonly OutputChunk[]) => void;
  readonly onSpawn?: (pid: number) => void;
  /** Live shells for bash steps (shellSessions.ts); without it every step is its own spawn. */
  readonly shells?: ShellSessions;
  /** FIFOs for one-spawn steps' output (stepFifos.ts); without it they read pipes. */
  readonly fifos?: StepFifos;
}

export interface AttemptResult {
  readonly outcome: StepOutcome;
  /** The shell state after the step, when it is a shell step that wrote one. */
  readonly state?: ShellState;
}

export const EMPTY_OUTPUT: OutputSummary = {
  bytes: 0,
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  tail: '',
  truncated: false,
};

export function resolveDir(dir: string, base: string): string {
  const expanded = dir === '~' || dir.startsWith('~/') ? homedir() + dir.slice(1) : dir;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

export async function runAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  const scratchFiles: string[] = [];
  try {
    return await attempt(ctx, scratchFiles);
  } finally {
    // The step's script and state dump (which holds the environment) go as soon as it ends, not
    // with the scratch directory at the run's end: a long run keeps no pile of them.
    for (const file of scratchFiles) removeFile(file);
  }
}

async function attempt(ctx: AttemptContext, scratchFiles: string[]): Promise<AttemptResult> {
  const started = new Date();
  const { step } = ctx;
  const end = (status: StepStatus, fields: Partial<StepOutcome> = {}): StepOutcome => {
    const ended = new Date();
    return {
      stepId: step.id,
      status,
      exitCode: null,
      durationMs: ended.getTime() - started.getTime(),
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      output: EMPTY_OUTPUT,
      ...fields,
      // A reason may quote a path or a message that holds a secret (a cwd, a spawn error): mask it.
      ...(fields.reason !== undefined ? { reason: maskReason(fields.reason) } : {}),
    };
  };
  const maskReason = (text: string) => (ctx.secrets.length ? new SecretMasker(ctx.secrets).maskText(text) : text);

  if (step.notRunnable !== undefined) return { outcome: end('failed', { reason: `not run: ${step.notRunnable}` }) };
  const cwd = step.cwd !== undefined ? resolveDir(step.cwd, ctx.baseDir) : ctx.state.cwd;
  const plan = planCommand(step, ctx.runbook, ctx.scratchBase, ctx.state.env, ctx.platform);
  if (!plan.ok) return { outcome: end('failed', { reason: plan.reason }) };
  const command = plan.command;
  const live = ctx.shells?.handles(step, command.label) === true;
  // A running live shell stays in its directory even if a step removed it, as a terminal does.
  const inShell = live && step.cwd === undefined && ctx.shells!.running;
  if (!inShell && !isDirectory(cwd)) return { outcome: end('failed', { reason: `working directory ${cwd} does not exist` }) };
  scratchFiles.push(command.scriptPath);
  writeFileSync(command.scriptPath, command.scriptText, { mode: 0o600 });
  // The state dump holds the environment (secrets): create it 0600 before the shell writes it
  // (a redirection would create it with the step's umask, typically 0644).
  // A spawned step writes its state to an emptied file; a live shell keeps the state itself (and
  // no file is made or removed for it: a failed unlink per step costs an exception).
  const emptyStateFile = () => {
    if (!command.statePath) return;
    scratchFiles.push(command.statePath);
    writeFileSync(command.statePath, '', { mode: 0o600 });
  };
  if (!live) emptyStateFile();
  // A spawn's environment (a copy of the run's): a live-shell step needs none, the shell has its own.
  const env = () => ({ ...ctx.state.env, ...command.extraEnv, PWD: cwd });
  const timeoutMs = step.timeoutMs ?? ctx.runbook.timeoutMs;

  let exitCode: number | null;
  let signal: string | null = null;
  let output = EMPTY_OUTPUT;
  let stoppedBy: 'timeout' | 'cancel' | undefined;
  let liveResult: LiveStepResult | undefined;
  if (step.interactive) {
    if (!ctx.host.runInteractive) return { outcome: end('failed', { reason: 'interactive steps need a terminal, and this host has none' }) };
    exitCode = await ctx.host.runInteractive(step, { file: command.file, args: command.args, cwd, env: env(), secrets: ctx.secrets });
    if (ctx.signal.aborted) stoppedBy = 'cancel';
  } else {
    // The step stops on the run's cancel, and like a cancel when an output write fails (full disk),
    // then fails with the reason. (One controller per step: AbortSignal.any costs more, per step.)
    const stop = new AbortController();
    const cancel = () => stop.abort();
    if (ctx.signal.aborted) stop.abort();
    else ctx.signal.addEventListener('abort', cancel, { once: true });
    const capture = new OutputCapture({
      path: ctx.outputPath,
      secrets: ctx.secrets,
      tailBytes: ctx.tailBytes,
      intervalMs: ctx.intervalMs,
      onChunks: ctx.onChunks,
      onWriteError: cancel,
    });
    const options = { timeoutMs, graceMs: ctx.graceMs, signal: stop.signal, sink: capture, onSpawn: ctx.onSpawn };
    let result: ProcessResult;
    try {
      liveResult = live ? await ctx.shells!.run(command.file, ctx.state, { ...options, script: command.scriptPath, ...(step.cwd !== undefined ? { cwd } : {}) }) : undefined;
      if (live && !liveResult) emptyStateFile(); // the live shell did not take it: a spawn of its own
      if (!liveResult) {
        const fifos = await ctx.fifos?.take(dirname(ctx.scratchBase), ctx.state.env);
        const spawnOptions = { ...options, platform: ctx.platform, keepBackground: step.keepBackground === true, ...(fifos ? { fifos } : {}) };
        result = await runProcess({ file: command.file, args: command.args, cwd, env: env() }, spawnOptions);
      } else result = liveResult;
    } finally {
      ctx.signal.removeEventListener('abort', cancel);
    }
    output = capture.finish();
    if (result.spawnError) return { outcome: end('failed', { reason: result.spawnError, output }) };
    if (capture.writeError && !ctx.signal.aborted) {
      return { outcome: end('failed', { exitCode: result.exitCode, output, ...(result.signal ? { signal: result.signal } : {}), reason: `${capture.writeError.message}; the step was stopped (free space, then resume the session)` }) };
    }
    exitCode = result.exitCode;
    signal = result.signal;
    stoppedBy = result.stoppedBy;
  }

  let state = liveResult ? liveResult.state : command.statePath ? readStateFile(command.statePath, command.label) : undefined;
  // A step-level cwd applies to that step only; exported variables still carry over.
  if (state && step.cwd !== undefined) state = { cwd: ctx.state.cwd, env: state.env };
  const base = { exitCode, output, ...(signal ? { signal } : {}) };
  if (stoppedBy === 'timeout') return { outcome: end('timed-out', { ...base, reason: `timed out after ${formatDuration(timeoutMs ?? 0)}` }), state };
  if (stoppedBy === 'cancel') return { outcome: end('cancelled', { ...base, reason: 'cancelled' }), state };
  const verdict = judge(step, exitCode, signal, output.tail, output.truncated);
  const notice = step.transcript && !step.interactive ? compareWithSample(step.transcript, output.tail, output.truncated) : undefined;
  return { outcome: end(verdict.passed ? 'passed' : 'failed', { ...base, ...(verdict.reason ? { reason: verdict.reason } : {}), ...(notice ? { notice: maskReason(notice) } : {}) }), state };
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

