// Export Evidence… and Verify Evidence…: the session as self-contained HTML / Markdown / JSON /
// JUnit through the pure evidence core; files are written with workspace.fs (remote-safe).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_EXTENSIONS, exportSession, exportSessionTo, verifyEvidence, type ExportFormat } from '../../core/evidence';
import { writeFileAtomic } from '../../core/session/safe-fs';
import type { FinishSummary } from '../../core/run/finalStatus';
import type { RunController } from './runController';
import { errorMessage } from '../../core/text/errorMessage';

const FORMATS: ReadonlyArray<vscode.QuickPickItem & { readonly format: ExportFormat }> = [
  { label: 'HTML', description: 'self-contained page for reviewers', format: 'html' },
  { label: 'Markdown', description: 'for a ticket or a wiki', format: 'md' },
  { label: 'JSON', description: 'machine-readable', format: 'json' },
  { label: 'JUnit XML', description: 'for CI dashboards', format: 'junit' },
];

export interface ExportOptions {
  /** For an unfinished session: finish it first (true) or export it unfinished (false); unset asks. */
  readonly finish?: boolean;
}

/** Finish Session (toolbar, palette): ends the session and says with which status. */
export async function finishSession(controller: RunController): Promise<FinishSummary | undefined> {
  const summary = await controller.finish();
  if (summary) {
    const open = [summary.stepsNotRun ? `${summary.stepsNotRun} step${summary.stepsNotRun === 1 ? '' : 's'} not run` : '', summary.checksNotDone ? `${summary.checksNotDone} manual check${summary.checksNotDone === 1 ? '' : 's'} not done` : ''].filter(Boolean).join(', ');
    void vscode.window.showInformationMessage(`Runbook: session finished — ${summary.status}${open ? ` (${open})` : ''}. The next run starts a new session.`);
  }
  return summary;
}

export async function exportEvidence(controller: RunController, toolVersion: string, format?: ExportFormat, target?: vscode.Uri, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const dir = controller.session.dir;
  if (!dir) {
    void vscode.window.showWarningMessage('Runbook: there is no session to export yet. Run a step (or open a past session) first.');
    return undefined;
  }
  // An unfinished session exports as "in progress"; usually the person means to finish it first.
  if (!controller.session.readOnly && !controller.running) {
    let finish = options.finish;
    if (finish === undefined) {
      const FINISH = 'Finish and Export';
      const UNFINISHED = 'Export Unfinished';
      const answer = await vscode.window.showInformationMessage(
        'Finish the session first?',
        { modal: true, detail: 'The session is not finished: its evidence would show it in progress. Finishing records its overall status (from the steps\' results) and makes it read-only; the next run starts a new session.' },
        FINISH, UNFINISHED,
      );
      if (answer === undefined) return undefined;
      finish = answer === FINISH;
    }
    if (finish && !(await controller.finish())) return undefined;
  }
  // ignoreFocusOut: the pick follows a click in the panel or the modal above, and the focus going
  // back to the panel's webview as that closes would otherwise close the pick as soon as it opens.
  const chosen = format ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Export evidence as…', ignoreFocusOut: true }))?.format;
  if (!chosen) return undefined;
  const base = path.basename(controller.uri.fsPath, path.extname(controller.uri.fsPath));
  const defaultUri = vscode.Uri.file(path.join(path.dirname(controller.uri.fsPath), `${base}-evidence-${path.basename(dir)}${EXPORT_EXTENSIONS[chosen]}`));
  const file = target ?? (await vscode.window.showSaveDialog({ defaultUri, title: 'Save evidence' }));
  if (!file) return undefined;
  if (file.scheme === 'file') {
    // Streamed (bounded memory for JSON) to a temporary file renamed into place: never half-written.
    await writeFileAtomic(file.fsPath, (write) => exportSessionTo(dir, chosen, `runbook-vscode ${toolVersion}`, write));
  } else {
    await vscode.workspace.fs.writeFile(file, Buffer.from(await exportSession(dir, chosen, `runbook-vscode ${toolVersion}`), 'utf8'));
  }
  if (!target) {
    void vscode.window.showInformationMessage(`Runbook: evidence written to ${file.fsPath}`, 'Open').then((answer) => {
      if (answer === 'Open') void vscode.commands.executeCommand('vscode.open', file);
    });
  }
  return file;
}

export async function verifyEvidenceCommand(target?: vscode.Uri): Promise<boolean | undefined> {
  const picked = target ?? (await vscode.window.showOpenDialog({ title: 'Verify evidence (an exported file or a session folder)', canSelectFiles: true, canSelectFolders: true, canSelectMany: false }))?.[0];
  if (!picked) return undefined;
  try {
    const result = await verifyEvidence(picked.fsPath);
    if (result.ok) void vscode.window.showInformationMessage(`Runbook: ${path.basename(picked.fsPath)} is intact: ${result.message}`);
    else void vscode.window.showErrorMessage(`Runbook: ${path.basename(picked.fsPath)} was ALTERED: ${result.message}`);
    return result.ok;
  } catch (error) {
    void vscode.window.showErrorMessage(`Runbook: cannot verify ${picked.fsPath}: ${errorMessage(error)}`);
    return false;
  }
}
