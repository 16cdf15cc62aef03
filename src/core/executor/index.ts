// The executor's API, shared by the CLI (`runbook run`) and the extension host.
//
//   const vars = resolveVariables(runbook, given);          // before anything runs
//   if (!vars.ok) → show vars.errors (name, line, message)
//   missingVariables(runbook, stepsInScope(runbook, scope), given) → ask for these first
//   const executor = new Executor({ runbook, baseDir, variables: given, outputPath, host, observers });
//   const summary = await executor.runAll();                // or runFrom(id) / runStep(id)
//   executor.cancel();                                      // from a Ctrl-C or a Cancel button
//
// - `summary.status` is passed | failed | blocked | cancelled; `summary.steps` lists every step
//   the run covered (after a stop: not-run) with status, exit code, duration and reason.
// - Observers (ExecutionObserver: the session recorder, the CLI printer, the UI bridge) get
//   onStepStart / onOutput (coalesced, ≤ ~30 calls/s) / onStepEnd / onCheck, in order.
// - The host (ExecutorHost) answers confirm gates and manual checks and runs interactive steps.
// - Each step's output goes, masked, to `outputPath(stepId, attempt)` as it arrives; memory
//   holds only a bounded tail. The instance keeps shell state (cwd, exported variables)
//   between steps and between runs; `shellState` shows it.
// - `maskSecrets` / SecretMasker: streaming masker over bytes, for anything else that prints
//   secret-bearing text.
// See docs/executor.md for the behaviour in detail.
export { asksConfirmation, Executor, VariableResolutionError } from './executor';
export { resolveVariables, type VariableError, type VariableResolution } from './variables';
export { missingVariables, missingVariablesMessage, stepsInScope, type MissingVariable, type RunScope } from './missingVariables';
export { SecretMasker, MASK } from './secretMasker';
export { shellFor } from './runners';
export { stripAnsi } from './expectations';
export type * from './types';

import { SecretMasker } from './secretMasker';

/** Masks secret values in one piece of text (for whole strings; stream with SecretMasker). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return new SecretMasker(secrets).maskText(text);
}
