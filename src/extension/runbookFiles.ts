// Which open Markdown files are runbooks, for the editor features and the language client: the
// core rule (src/core/format/isRunbook.ts) fed with the `runbook.include` setting and the files
// opened as runbooks in this workspace (remembered in workspaceState, so a reload keeps them).
// Its own small bundle (dist/extension-files.js), required by main.ts for the first check.
import * as vscode from 'vscode';
import { DEFAULT_RUNBOOK_INCLUDE, isRunbookFile } from '../core/format/isRunbook';
import { Disposable } from './dispose';

const REMEMBERED_KEY = 'runbook.openedAsRunbook';

export class RunbookFiles extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when `runbook.include` or the remembered set changes: every open file may have changed side. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('runbook.include') && this.changed.fire()));
  }

  /** `runbook.include` for `scope` (a file: its folder's setting), else the window's. */
  include(scope?: vscode.Uri): readonly string[] {
    const configured = vscode.workspace.getConfiguration('runbook', scope).get<unknown>('include', DEFAULT_RUNBOOK_INCLUDE);
    return Array.isArray(configured) ? configured.filter((g): g is string => typeof g === 'string') : DEFAULT_RUNBOOK_INCLUDE;
  }

  /** URIs (as strings) opened as runbooks in this workspace. */
  remembered(): readonly string[] {
    return this.memento.get<string[]>(REMEMBERED_KEY, []);
  }

  isRunbook(document: vscode.TextDocument): boolean {
    if (document.languageId !== 'markdown') return false;
    return isRunbookFile({
      text: document.getText(),
      path: vscode.workspace.asRelativePath(document.uri, false),
      include: this.include(document.uri),
      remembered: this.remembered().includes(document.uri.toString()),
    });
  }

  /** Declares `uri` a runbook in this workspace (Open Runbook). */
  async remember(uri: vscode.Uri): Promise<void> {
    const known = this.remembered();
    if (known.includes(uri.toString())) return;
    await this.memento.update(REMEMBERED_KEY, [...known, uri.toString()]);
    this.changed.fire();
  }
}
