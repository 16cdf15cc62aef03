// Runme's cell attributes and front-matter keys that Runbook has no behaviour for. None of them
// is ever an error (Runme files must lint clean): each gets one *information* note saying what
// Runbook does instead. Runme keys Runbook honours (`name`, `id`, `cwd`, `interactive`,
// `excludeFromRunAll`, `ignore`, `transform`, `shell`) are read in attributeValues.ts.
import type { AttributeValue } from './model';

const FALSE = /^(false|no|0|never|off)$/i;
const isOff = (v: AttributeValue) => v === false || (typeof v === 'string' && FALSE.test(v.trim()));

/** Note text for a Runme attribute, or undefined when the value asks for nothing Runbook lacks. */
type Note = (value: AttributeValue) => string | undefined;

export const FOREIGN_ATTRIBUTE_NOTES: Readonly<Record<string, Note>> = {
  background: (v) => (isOff(v) ? undefined
    : "Runme's background=true starts the cell and moves on; Runbook runs each step to its end before the next one (start a long-running service inside the step with nohup … &)"),
  promptEnv: (v) => (isOff(v) ? undefined
    : 'Runbook does not prompt for variables a step exports; declare the variable under variables: in the front matter and Runbook asks for it before the run'),
  terminalRows: () => 'Runbook shows output in the step card (long output collapses behind Show all); terminalRows is ignored',
  category: () => 'Runbook has no categories; select steps with Run from here, or runbook run --only ID / --from ID',
  closeTerminalOnSuccess: () => 'only interactive steps use a terminal in Runbook, and it stays open; closeTerminalOnSuccess is ignored',
  mimeType: () => 'Runbook shows output as text with its ANSI colours; mimeType is ignored',
  interpreter: () => 'Runbook picks the program from the fence language; for another shell write shell=<name> (e.g. shell=ksh)',
  skipPrompts: () => 'Runbook asks only for declared variables that have no value; give values with defaults, --var or RUNBOOK_VAR_NAME instead',
  tag: () => 'Runbook has no tags; tag is ignored',
};

/** Runme front-matter keys (Runbook reads `shell` and `cwd` like its own). */
export const FOREIGN_FRONT_MATTER_NOTES: Readonly<Record<string, string>> = {
  runme: "Runme's document id and version are not used: Runbook identifies a runbook by its path and the SHA-256 its sessions record",
  skipPrompts: 'Runbook asks only for declared variables that have no value; give values with defaults, --var or RUNBOOK_VAR_NAME instead',
  terminalRows: 'Runbook shows output in the step cards; terminalRows is ignored',
  category: 'Runbook has no categories; category is ignored',
};
