// Resolves the values of a runbook's variables before anything runs: given values (`--var`,
// the UI form), else defaults; checks `required`, `pattern` and `choices`. Values become
// environment variables of every step; they are never spliced into code.
import type { Runbook, VariableSpec } from '../format/model';

export interface VariableError {
  readonly name: string;
  /** 1-based line of the declaration in the front matter; absent for undeclared names. */
  readonly line?: number;
  /** Says what is wrong and how to fix it, e.g. "variable HOST is required: pass --var HOST=VALUE". */
  readonly message: string;
}

export type VariableResolution =
  | {
      readonly ok: true;
      readonly values: Readonly<Record<string, string>>;
      /** Values of `secret` variables: masked in all output. */
      readonly secretValues: readonly string[];
      readonly secretNames: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly VariableError[] };

export function resolveVariables(runbook: Runbook, given: Readonly<Record<string, string>>): VariableResolution {
  const errors: VariableError[] = [];
  const values: Record<string, string> = {};
  const declared = new Map(runbook.variables.map((v) => [v.name, v]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      const known = [...declared.keys()];
      errors.push({
        name,
        message:
          `variable ${name} is not declared in the front matter` +
          (known.length ? ` (declared: ${known.join(', ')})` : ' (it declares no variables)') +
          `: fix the name or add it under 'variables:'`,
      });
    }
  }
  for (const spec of runbook.variables) {
    const value = Object.hasOwn(given, spec.name) ? given[spec.name] : spec.default;
    if (value === undefined) {
      if (spec.required) errors.push(error(spec, `variable ${spec.name} is required: pass --var ${spec.name}=VALUE`));
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) errors.push(error(spec, problem));
    else values[spec.name] = value;
  }
  if (errors.length > 0) return { ok: false, errors };
  const secrets = runbook.variables.filter((v) => v.secret && values[v.name] !== undefined);
  return {
    ok: true,
    values,
    secretNames: secrets.map((v) => v.name),
    secretValues: secrets.map((v) => values[v.name]!),
  };
}

function checkValue(spec: VariableSpec, value: string): string | undefined {
  const shown = spec.secret ? 'the given value' : JSON.stringify(value);
  if (spec.choices && spec.choices.length > 0 && !spec.choices.includes(value)) {
    return `variable ${spec.name}: ${shown} is not one of ${spec.choices.join(', ')}`;
  }
  if (spec.pattern !== undefined) {
    let re: RegExp;
    try {
      // The whole value must match, as people read a pattern.
      re = new RegExp(`^(?:${spec.pattern})$`, 'u');
    } catch {
      return `variable ${spec.name}: pattern ${JSON.stringify(spec.pattern)} is not a valid regular expression`;
    }
    if (!re.test(value)) return `variable ${spec.name}: ${shown} does not match the pattern ${spec.pattern}`;
  }
  return undefined;
}

function error(spec: VariableSpec, message: string): VariableError {
  return { name: spec.name, line: spec.line, message };
}
