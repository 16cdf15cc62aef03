// Asks for variable values a run needs: through the panel's variables form when the panel is
// open, else with input boxes (password boxes for secrets). Values stay in memory only.
import * as vscode from 'vscode';
import type { VariableSpec } from '../../core/format/model';

export async function askWithInputBoxes(specs: readonly VariableSpec[], names: readonly string[]): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const spec = specs.find((s) => s.name === name);
    if (spec?.choices?.length) {
      const picked = await vscode.window.showQuickPick([...spec.choices], { title: `Runbook variable ${name}`, placeHolder: spec.description ?? `Choose a value for ${name}`, ignoreFocusOut: true });
      if (picked === undefined) return undefined;
      values[name] = picked;
      continue;
    }
    const pattern = spec?.pattern ? new RegExp(`^(?:${spec.pattern})$`) : undefined;
    const value = await vscode.window.showInputBox({
      title: `Runbook variable ${name}`,
      prompt: spec?.description ?? `Value for ${name}`,
      password: spec?.secret ?? false,
      ignoreFocusOut: true,
      ...(spec?.default !== undefined && !spec.secret ? { value: spec.default } : {}),
      validateInput: (v) => (pattern && !pattern.test(v) ? `${name} must match ${spec!.pattern}` : undefined),
    });
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}

/** Pending `requestVariables` round-trips with the webview, by request id. */
export class VariableRequests {
  private next = 1;
  private readonly pending = new Map<number, (values: Readonly<Record<string, string>> | undefined) => void>();

  open(send: (requestId: number) => boolean): Promise<Readonly<Record<string, string>> | undefined> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (!send(id)) this.answer(id, undefined);
    });
  }

  answer(requestId: number | undefined, values: Readonly<Record<string, string>> | undefined): boolean {
    if (requestId === undefined) return false;
    const resolve = this.pending.get(requestId);
    this.pending.delete(requestId);
    resolve?.(values);
    return resolve !== undefined;
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.answer(id, undefined);
  }
}
