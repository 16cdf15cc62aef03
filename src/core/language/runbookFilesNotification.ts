// What the language client tells the server about which files are runbooks (the inputs of
// src/core/format/isRunbook.ts the server cannot read itself): sent as initializationOptions and
// again as this notification whenever `runbook.include` or the remembered set changes.
export const RUNBOOK_FILES_NOTIFICATION = 'runbook/runbookFiles';

export interface RunbookFilesParams {
  /** `runbook.include` globs. */
  readonly include: readonly string[];
  /** URIs of the files opened as runbooks in this workspace. */
  readonly remembered: readonly string[];
}
