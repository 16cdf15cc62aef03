// The values of one runbook's declared variables in this window: kept in memory only (secrets are
// never stored), asked for when a run needs them — the panel's Variables form when the panel is
// open, else input boxes — with "missing" decided by the core's one rule (missingVariables).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { missingVariables, resolveVariables, stepsInScope, type RunScope } from '../../core/executor';
import type { Runbook } from '../../core/format/model';
import type { ToWebviewMessage } from '../../webview/protocol';
import { askWithInputBoxes, VariableRequests } from './variablesPrompt';

export interface RunVariablesContext {
  readonly uri: vscode.Uri;
  runbook(): Runbook;
  /** Posts to the runbook's panel; false when no panel is open. */
  post(message: ToWebviewMessage): boolean;
  hasPanel(): boolean;
  readonly log: vscode.LogOutputChannel;
}

export class RunVariables {
  private values: Record<string, string> = {};
  private readonly requests = new VariableRequests();

  constructor(private readonly context: RunVariablesContext) {}

  /** The declared variables' values given so far (the form, input boxes). */
  given(): Record<string, string> {
    const declared = this.declared();
    return Object.fromEntries(Object.entries(this.values).filter(([k]) => declared.has(k)));
  }

  /** Values with defaults applied and the names of the secrets (for a session's start). */
  resolved(given: Readonly<Record<string, string>>): { values: Readonly<Record<string, string>>; secretNames: readonly string[] } {
    const runbook = this.context.runbook();
    const r = resolveVariables(runbook, given);
    if (r.ok) return { values: r.values, secretNames: r.secretNames };
    return { values: {}, secretNames: runbook.variables.filter((v) => v.secret).map((v) => v.name) };
  }

  /** The form was submitted: keep the declared values and answer the request that asked. */
  submit(values: Readonly<Record<string, string>>, requestId: number | undefined): void {
    this.keep(values);
    this.requests.answer(requestId, values);
  }

  cancel(requestId: number): void {
    this.requests.answer(requestId, undefined);
  }

  cancelAll(): void {
    this.requests.cancelAll();
  }

  /**
   * Values for the run, asking for missing or invalid ones and waiting for the answer; undefined,
   * with a message saying why, when the user cancels. "Missing" is a variable the steps about to
   * run read.
   */
  async ensure(scope: RunScope): Promise<Record<string, string> | undefined> {
    for (;;) {
      const runbook = this.context.runbook();
      const given = this.given();
      const resolution = resolveVariables(runbook, given);
      const missing = missingVariables(runbook, stepsInScope(runbook, scope), given).map((m) => m.name);
      if (resolution.ok && missing.length === 0) return given;
      const names = [...new Set([...missing, ...(resolution.ok ? [] : resolution.errors.map((e) => e.name))])];
      const values = this.context.hasPanel()
        ? await this.requests.open((requestId) => this.context.post({ type: 'requestVariables', requestId, missing: names }))
        : await askWithInputBoxes(runbook.variables, names);
      if (!values) {
        this.context.log.info(`${path.basename(this.context.uri.fsPath)}: run cancelled in the variables form; nothing ran (needed: ${names.join(', ')})`);
        void vscode.window.showInformationMessage(`Runbook: nothing ran: ${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no value. Enter ${names.length === 1 ? 'it' : 'them'} in the Variables form to run.`);
        return undefined;
      }
      this.keep(values);
    }
  }

  private keep(values: Readonly<Record<string, string>>): void {
    const declared = this.declared();
    for (const [name, value] of Object.entries(values)) if (declared.has(name)) this.values[name] = value;
  }

  private declared(): Set<string> {
    return new Set(this.context.runbook().variables.map((v) => v.name));
  }
}
