// Status gutters on each step's opening fence in Markdown editors of runbooks that have a run
// state: themed icons from media/status, updated live whatever started the run (webview,
// CodeLens, command).
import * as vscode from 'vscode';
import type { CodeStep } from '../../core/format/model';
import { Disposable } from '../dispose';
import type { RunService } from '../run/runService';
import { guttersEnabled } from '../run/settings';
import { editorStatus, GUTTER_STATUSES as STATUSES, type GutterStatus } from './stepStatus';


export class GutterDecorations extends Disposable {
  private readonly types = new Map<GutterStatus, vscode.TextEditorDecorationType>();
  /** What was last applied per document: line (1-based) → status. Read by the tests through the API. */
  private readonly applied = new Map<string, ReadonlyMap<number, GutterStatus>>();

  constructor(extensionUri: vscode.Uri, private readonly runs: RunService) {
    super();
    for (const status of STATUSES) {
      const icon = (variant: string) => vscode.Uri.joinPath(extensionUri, 'media', 'status', `${status}-${variant}.svg`);
      this.types.set(status, this.register(vscode.window.createTextEditorDecorationType({
        light: { gutterIconPath: icon('light') },
        dark: { gutterIconPath: icon('dark') },
        gutterIconSize: '80%',
      })));
    }
    this.register(runs.onDidChange((c) => void this.refresh(c.uri)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => void this.refreshAll()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('runbook.gutters') && void this.refreshAll()));
  }

  statusByLine(uri: string): Readonly<Record<number, GutterStatus>> {
    return Object.fromEntries(this.applied.get(uri) ?? []);
  }

  private async refreshAll(): Promise<void> {
    const uris = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const uri of uris) await this.refresh(vscode.Uri.parse(uri, true));
  }

  private async refresh(uri: vscode.Uri): Promise<void> {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString());
    const controller = await this.runs.known(uri);
    const byStatus = new Map<GutterStatus, vscode.DecorationOptions[]>(STATUSES.map((s) => [s, []]));
    const applied = new Map<number, GutterStatus>();
    if (controller && guttersEnabled()) {
      for (const step of controller.runbook.steps.filter((s): s is CodeStep => s.kind === 'code')) {
        const { gutter, label } = editorStatus(controller, step);
        const line = step.line - 1;
        byStatus.get(gutter)!.push({ range: new vscode.Range(line, 0, line, 0), hoverMessage: `Runbook step ${step.id}: ${label}` });
        applied.set(step.line, gutter);
      }
    }
    this.applied.set(uri.toString(), applied);
    for (const editor of editors) for (const [status, type] of this.types) editor.setDecorations(type, byStatus.get(status)!);
  }
}
