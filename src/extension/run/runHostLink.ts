// How the extension runs steps in a run host (src/runhost): the host's start-up configuration from
// the window's settings, the questions the run waits on put to a person in VS Code, and which runs
// stay in the extension host (interactive steps need the window's integrated terminal).
import * as vscode from 'vscode';
import { stepsInScope, type RunScope } from '../../core/executor';
import type { Runbook } from '../../core/format/model';
import { parseDuration } from '../../core/format/languages';
import * as P from '../../runhost/protocol';
import { sessionsDirectory } from './settings';
import { vscodeExecutorHost } from './vscodeHost';
import { errorMessage } from '../../core/text/errorMessage';

/** `runbook.runHost.enabled` (default on): runs live in a detached run host that outlives the window. */
export function runHostEnabled(): boolean {
  return vscode.workspace.getConfiguration('runbook').get<boolean>('runHost.enabled', true);
}

/** `runbook.runHost.waitLimit`: how long a question waits when no window or terminal is attached. */
export function waitLimitMs(log: vscode.LogOutputChannel): number {
  const text = vscode.workspace.getConfiguration('runbook').get<string>('runHost.waitLimit', '24h');
  const ms = parseDuration(text);
  if (ms !== undefined && ms > 0) return ms;
  log.warn(`runbook.runHost.waitLimit: '${text}' is not a duration such as 30m, 8h or 24h; using 24h`);
  return P.DEFAULT_WAIT_LIMIT_MS;
}

/** True when the run can go to a run host: interactive steps run in the window's terminal instead. */
export function runsInHost(runbook: Runbook, scope: RunScope): boolean {
  return runHostEnabled() && !stepsInScope(runbook, scope).some((s) => s.kind === 'code' && s.interactive);
}

export interface HostConfigInput {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly given: Readonly<Record<string, string>>;
  /** The unfinished session to continue; a new one otherwise. */
  readonly resumeDir?: string;
  readonly toolVersion: string;
  readonly log: vscode.LogOutputChannel;
}

export function hostConfig(input: HostConfigInput): P.HostConfig {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    sessionsDir: sessionsDirectory(input.uri),
    runbookPath: input.uri.fsPath,
    runbookText: input.text,
    variables: input.given,
    ...(input.resumeDir ? { resumeDir: input.resumeDir } : {}),
    env,
    tool: { name: 'runbook-vscode', version: input.toolVersion },
    vscodeVersion: vscode.version,
    ...(vscode.env.remoteName ? { remoteName: vscode.env.remoteName } : {}),
    yes: false,
    // Questions wait for a person (this window, another one, or `runbook attach`) up to the limit.
    unattended: 'wait',
    checks: 'skip',
    waitLimitMs: waitLimitMs(input.log),
    endSessionWhenRunEnds: false,
  };
}

/** A question the run waits on, asked with the same dialogs as an in-process run. */
export function askInVsCode(runbook: () => Runbook, log: (line: string) => void): (prompt: P.WaitingPrompt) => Promise<P.Answer | undefined> {
  const host = vscodeExecutorHost({ log });
  return async (prompt) => {
    const step = runbook().steps.find((s) => s.id === prompt.stepId);
    try {
      if (prompt.kind === 'confirm') return step?.kind === 'code' ? { kind: 'confirm', yes: await host.confirm(step, prompt.message) } : undefined;
      if (step?.kind !== 'check') return undefined;
      const decision = await host.decideCheck(step);
      return decision === 'blocked' ? undefined : { kind: 'check', decision };
    } catch (error) {
      // The dialog could not be shown (VS Code refuses dialogs in some modes): as if dismissed.
      log(`could not ask about step ${prompt.stepId}: ${errorMessage(error)}; answered as dismissed`);
      return prompt.kind === 'confirm' ? { kind: 'confirm', yes: false } : { kind: 'check', decision: 'skipped' };
    }
  };
}
