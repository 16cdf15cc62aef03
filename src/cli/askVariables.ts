// `runbook run` on a terminal: asks for each variable the run needs and nobody gave (see
// core/executor/missingVariables.ts), before anything runs. Secrets are read hidden; a value
// that breaks the variable's pattern or choices is asked again, saying why.
import { resolveVariables, type MissingVariable } from '../core/executor';
import type { Runbook } from '../core/format/model';

export interface VariableQuestions {
  /** Visible line input; resolves '' on end of input. */
  ask(question: string): Promise<string>;
  /** Hidden input for secrets; null when the user gives up (Ctrl-C, Ctrl-D, end of input). */
  askSecret(question: string): Promise<string | null>;
  note(text: string): void;
}

const ATTEMPTS = 3;

/** The values typed for `missing`, or the name of the first one left without a value. */
export async function askVariables(runbook: Runbook, missing: readonly MissingVariable[], given: Readonly<Record<string, string>>, q: VariableQuestions): Promise<{ values: Record<string, string> } | { unanswered: string }> {
  const values: Record<string, string> = {};
  for (const m of missing) {
    const spec = runbook.variables.find((v) => v.name === m.name);
    const hint = [spec?.description, spec?.choices?.length ? `one of ${spec.choices.join(', ')}` : undefined, m.secret ? 'hidden as you type' : undefined].filter(Boolean).join('; ');
    const question = `? ${m.name}${hint ? ` (${hint})` : ''}: `;
    let value: string | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && value === undefined; attempt++) {
      const answer = m.secret ? await q.askSecret(question) : await q.ask(question);
      if (answer === null) return { unanswered: m.name };
      if (answer === '') {
        q.note(`  ${m.name} needs a value.\n`);
        continue;
      }
      const problem = firstProblem(runbook, m.name, answer, given);
      if (problem) q.note(`  ${problem}\n`);
      else value = answer;
    }
    if (value === undefined) return { unanswered: m.name };
    values[m.name] = value;
  }
  return { values };
}

function firstProblem(runbook: Runbook, name: string, value: string, given: Readonly<Record<string, string>>): string | undefined {
  const result = resolveVariables(runbook, { ...given, [name]: value });
  return result.ok ? undefined : result.errors.find((e) => e.name === name)?.message;
}
