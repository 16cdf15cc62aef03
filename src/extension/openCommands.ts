// The contributed commands. Each opens (or reveals) the panel of a Markdown document: the one
// passed as argument (explorer / editor title / tests) or else the active editor's, and makes that
// file a runbook in this workspace (src/extension/runbookFiles.ts) so the editor features follow.
import * as vscode from 'vscode';
import type { PanelManager } from './panel/panelManager';
import type { RunbookFiles } from './runbookFiles';

export function registerCommands(panels: PanelManager, files: RunbookFiles): vscode.Disposable[] {
  const open = (column: vscode.ViewColumn) => async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showWarningMessage('Runbook: open a Markdown file first, then run "Runbook: Open Runbook" again.');
      return;
    }
    panels.createOrShow(target, column);
    await files.remember(target);
  };
  return [
    vscode.commands.registerCommand('runbook.open', open(vscode.ViewColumn.Active)),
    vscode.commands.registerCommand('runbook.openToSide', open(vscode.ViewColumn.Beside)),
  ];
}
