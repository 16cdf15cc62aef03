// Palette commands of the notebook: run, cancel, sessions, evidence. Each takes an optional
// (uri, stepId) — CodeLens and tests pass them — and otherwise uses the active Markdown editor
// (the step under the cursor) or asks.
import * as vscode from 'vscode';
import type { CodeStep } from '../../core/format/model';
import { isSessionUnfinished } from '../../core/run/status';
import type { PanelManager } from '../panel/panelManager';
import { exportEvidence, finishSession, verifyEvidenceCommand, type ExportOptions } from './evidence';
import type { RunService } from './runService';
import { errorMessage } from '../../core/text/errorMessage';

export function registerRunCommands(runs: RunService, panels: PanelManager, log: vscode.LogOutputChannel, toolVersion: string): vscode.Disposable[] {
  const targetUri = (uri: unknown): vscode.Uri | undefined => {
    if (uri instanceof vscode.Uri) return uri;
    if (typeof uri === 'string') return vscode.Uri.parse(uri, true);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'markdown') return editor.document.uri;
    const open = panels.openPanels();
    if (open.length === 1) return vscode.Uri.parse(open[0]!, true);
    void vscode.window.showWarningMessage('Runbook: open a runbook (a Markdown file) in the editor first.');
    return undefined;
  };

  const pickStep = async (uri: vscode.Uri, stepId: unknown, verb: string): Promise<string | undefined> => {
    if (typeof stepId === 'string') return stepId;
    const controller = await runs.controller(uri);
    const steps = controller.runbook.steps.filter((s): s is CodeStep => s.kind === 'code');
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() === uri.toString()) {
      const line = editor.selection.active.line + 1;
      const under = steps.find((s) => s.line <= line && line <= s.endLine);
      if (under) return under.id;
    }
    const picked = await vscode.window.showQuickPick(steps.map((s) => ({ label: s.id, description: s.title, detail: `line ${s.line}`, id: s.id })), { title: `Runbook: ${verb}`, placeHolder: 'Choose a step' });
    return picked?.id;
  };

  const command = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (error) {
      log.error(`${id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Runbook: ${errorMessage(error)}`);
      return undefined;
    }
  });

  return [
    command('runbook.runStep', async (u, s) => {
      const uri = targetUri(u);
      const stepId = uri && (await pickStep(uri, s, 'Run Step'));
      if (uri && stepId) await (await runs.controller(uri)).run({ kind: 'step', stepId });
    }),
    command('runbook.runFrom', async (u, s) => {
      const uri = targetUri(u);
      const stepId = uri && (await pickStep(uri, s, 'Run From Step'));
      if (uri && stepId) await (await runs.controller(uri)).run({ kind: 'from', stepId });
    }),
    command('runbook.runAll', async (u) => {
      const uri = targetUri(u);
      if (uri) await (await runs.controller(uri)).run({ kind: 'all' });
    }),
    command('runbook.cancel', async (u) => {
      const uri = targetUri(u);
      if (uri) (await runs.controller(uri)).cancel();
    }),
    command('runbook.skipStep', async (u, s) => {
      const uri = targetUri(u);
      const stepId = uri && (await pickStep(uri, s, 'Skip Step'));
      if (uri && stepId) await (await runs.controller(uri)).skip(stepId);
    }),
    command('runbook.addNote', async (u, s, t) => {
      const uri = targetUri(u);
      const stepId = uri && (await pickStep(uri, s, 'Add Note'));
      if (!uri || !stepId) return;
      const controller = await runs.controller(uri);
      const text = typeof t === 'string' ? t : await vscode.window.showInputBox({ title: `Note for step ${stepId}`, value: controller.records.get(stepId)?.note ?? '', prompt: 'Saved to the session, not to the file', ignoreFocusOut: true }); // a note half typed is not lost to a look at the terminal
      if (text !== undefined) await controller.setNote(stepId, text);
    }),
    command('runbook.setCheck', async (u, s, checked) => {
      const uri = targetUri(u);
      if (!uri) return;
      const controller = await runs.controller(uri);
      let stepId = typeof s === 'string' ? s : undefined;
      if (!stepId) {
        const checks = controller.runbook.steps.filter((x) => x.kind === 'check');
        stepId = (await vscode.window.showQuickPick(checks.map((c) => ({ label: c.title, description: controller.records.get(c.id)?.checked ? 'done' : '', id: c.id })), { title: 'Runbook: Tick or untick a manual check' }))?.id;
      }
      if (stepId) await controller.setCheck(stepId, typeof checked === 'boolean' ? checked : !controller.records.get(stepId)?.checked);
    }),
    command('runbook.newSession', async (u) => {
      const uri = targetUri(u);
      if (uri) await (await runs.controller(uri)).newSession();
    }),
    command('runbook.openSession', async (u, id) => {
      const uri = targetUri(u);
      if (!uri) return;
      const controller = await runs.controller(uri);
      let sessionId = typeof id === 'string' ? id : undefined;
      if (!sessionId) {
        const sessions = await controller.session.sessions();
        if (sessions.length === 0) return void vscode.window.showInformationMessage('Runbook: this runbook has no sessions yet.');
        const picked = await vscode.window.showQuickPick(sessions.map((s) => ({ label: s.startedAt, description: isSessionUnfinished(s.status) ? 'unfinished — resume' : `${s.status} — read-only`, id: s.id })), { title: 'Runbook: Open Session' });
        sessionId = picked?.id;
      }
      if (sessionId) await controller.openSession(sessionId);
    }),
    // (uri, format, target, { finish }) — `finish` answers "Finish the session first?" up front.
    command('runbook.exportEvidence', async (u, format, target, options) => {
      const uri = targetUri(u);
      if (!uri) return undefined;
      const finish = options && typeof options === 'object' && typeof (options as ExportOptions).finish === 'boolean' ? { finish: (options as ExportOptions).finish } : {};
      return exportEvidence(await runs.controller(uri), toolVersion, typeof format === 'string' ? (format as 'html') : undefined, target instanceof vscode.Uri ? target : undefined, finish);
    }),
    command('runbook.finishSession', async (u) => {
      const uri = targetUri(u);
      return uri ? finishSession(await runs.controller(uri)) : undefined;
    }),
    command('runbook.verifyEvidence', (target) => verifyEvidenceCommand(target instanceof vscode.Uri ? target : undefined)),
    command('runbook.revealStep', async (u, s) => {
      const uri = targetUri(u);
      if (!uri) return;
      panels.createOrShow(uri, vscode.ViewColumn.Beside);
      if (typeof s === 'string') panels.postState(uri.toString(), { type: 'focusStep', stepId: s });
    }),
    command('runbook.showLog', () => log.show()),
  ];
}
