// The executor's host inside VS Code: confirmation gates as modal dialogs, manual checks met
// during Run all (one ticked already is passed by the executor, never asked), and interactive
// steps in an integrated terminal named after the step.
import * as vscode from 'vscode';
import type { CheckDecision, ExecutorHost, InteractiveCommand } from '../../core/executor';
import type { CheckStep, CodeStep } from '../../core/format/model';

export interface HostContext {
  log(line: string): void;
}

export function vscodeExecutorHost(context: HostContext): ExecutorHost {
  return {
    async confirm(step: CodeStep, message: string): Promise<boolean> {
      const run = 'Run';
      const answer = await vscode.window.showWarningMessage(message, { modal: true, detail: `Step "${step.title || step.id}" (#${step.id}, line ${step.line}) asks for confirmation before it runs.` }, run);
      return answer === run;
    },
    async decideCheck(step: CheckStep): Promise<CheckDecision> {
      const answer = await vscode.window.showInformationMessage(`Manual check: ${step.text || step.title}`, { modal: true, detail: `Line ${step.line}. Confirm that this is done before the run continues.` }, 'Done', 'Failed', 'Skip');
      return answer === 'Done' ? 'passed' : answer === 'Failed' ? 'failed' : 'skipped';
    },
    runInteractive(step: CodeStep, command: InteractiveCommand): Promise<number | null> {
      return new Promise((resolve) => {
        const terminal = vscode.window.createTerminal({
          name: `Runbook: ${step.title || step.id}`,
          shellPath: command.file,
          shellArgs: [...command.args],
          cwd: command.cwd,
          env: { ...command.env },
          strictEnv: true,
          isTransient: true,
        });
        const subscription = vscode.window.onDidCloseTerminal((closed) => {
          if (closed !== terminal) return;
          subscription.dispose();
          const code = closed.exitStatus?.code ?? null;
          context.log(`interactive step ${step.id} ended with exit code ${code ?? 'unknown'}`);
          resolve(code);
        });
        terminal.show();
      });
    },
  };
}
