// Which declared variables must be asked for before a run starts. One rule for every shell (the
// VS Code form, the CLI prompt, the executor's own guard):
//   a declared variable is missing when it has no given value and no default, and either
//   - it is `required: true`, or
//   - a code step about to run reads it (`$NAME`, `$env:NAME`, `%NAME%`, os.environ, process.env)
//     and no step of the runbook sets it itself,
//   unless it says `required: false`.
// A secret declared without a default is the usual case: it used to run as an empty string.
import type { CodeStep, Runbook, Step, VariableSpec } from '../format/model';
import { variablesReadBy, variablesSetBy } from '../format/variableUsage';

/** What a run covers: Run all, Run from here (a step and everything after it), Run step. */
export type RunScope = { readonly kind: 'all' } | { readonly kind: 'from' | 'step'; readonly stepId: string };

export interface MissingVariable {
  readonly name: string;
  /** 1-based line of the declaration in the front matter. */
  readonly line: number;
  readonly secret: boolean;
  readonly description?: string;
  /** Ids of the steps about to run that read it (empty when it is asked because it is `required`). */
  readonly usedBy: readonly string[];
}

/**
 * The steps a run of this scope covers, in order, as the Executor runs them: Run all and Run from
 * here pass over `excludeFromRunAll` steps; an unknown step id covers nothing.
 */
export function stepsInScope(runbook: Runbook, scope: RunScope): readonly Step[] {
  const inRunAll = (s: Step) => !(s.kind === 'code' && s.excludeFromRunAll);
  if (scope.kind === 'all') return runbook.steps.filter(inRunAll);
  const index = runbook.steps.findIndex((s) => s.id === scope.stepId);
  if (index < 0) return [];
  return scope.kind === 'from' ? runbook.steps.slice(index).filter(inRunAll) : [runbook.steps[index]!];
}

/** Declared variables that need a value before `steps` run, in declaration order. */
export function missingVariables(runbook: Runbook, steps: readonly Step[], values: Readonly<Record<string, string>>): MissingVariable[] {
  const unset = runbook.variables.filter((v) => !Object.hasOwn(values, v.name) && v.default === undefined && !v.optional);
  if (unset.length === 0) return [];
  const code = runbook.steps.filter((s): s is CodeStep => s.kind === 'code');
  const setByRunbook = new Set(code.flatMap((s) => [...variablesSetBy(s)]));
  const readers = new Map<string, string[]>();
  for (const step of steps) {
    if (step.kind !== 'code') continue;
    // A transcript runs only its commands: its sample output is not read.
    for (const name of variablesReadBy(step.run === undefined ? step : { ...step, code: step.run })) {
      // PowerShell and cmd read environment variables without regard to case.
      const key = step.runner === 'pwsh' || step.runner === 'cmd' ? declaredName(runbook.variables, name) : name;
      if (key === undefined) continue;
      const list = readers.get(key) ?? [];
      if (!list.includes(step.id)) list.push(step.id);
      readers.set(key, list);
    }
  }
  const missing: MissingVariable[] = [];
  for (const v of unset) {
    const usedBy = v.required ? [] : (readers.get(v.name) ?? []);
    if (!v.required && (usedBy.length === 0 || setByRunbook.has(v.name))) continue;
    missing.push({ name: v.name, line: v.line, secret: v.secret, usedBy, ...(v.description !== undefined ? { description: v.description } : {}) });
  }
  return missing;
}

/** One line per missing variable, saying how to pass it on the command line. */
export function missingVariablesMessage(missing: readonly MissingVariable[]): string {
  return missing
    .map((m) => {
      const what = `variable ${m.name}${m.secret ? ' (secret)' : ''}`;
      const why = m.usedBy.length
        ? `has no value and step${m.usedBy.length === 1 ? '' : 's'} ${m.usedBy.map((id) => `'${id}'`).join(', ')} ${m.usedBy.length === 1 ? 'reads' : 'read'} it`
        : 'is required and has no value';
      // Secrets: the environment keeps them out of the shell history and the process list.
      const how = m.secret ? `set RUNBOOK_VAR_${m.name} in the environment or pass --var ${m.name}=…` : `pass --var ${m.name}=… or set RUNBOOK_VAR_${m.name}`;
      return `${what} ${why}: ${how}`;
    })
    .join('\n');
}

function declaredName(specs: readonly VariableSpec[], name: string): string | undefined {
  const upper = name.toUpperCase();
  return specs.find((v) => v.name.toUpperCase() === upper)?.name;
}
