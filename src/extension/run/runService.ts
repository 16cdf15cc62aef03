// One RunController per runbook, created on demand; answers the webview's run messages (its share
// of the typed message table, panel/messageDispatch.ts), keeps it in step with edits, and brings a
// (re)loaded panel up to date with the session's state.
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { RunbookDocuments } from '../runbookDocument';
import type { MessageSource, RunMessageHandlers } from '../panel/messageDispatch';
import type { PanelManager } from '../panel/panelManager';
import { RunController, type ControllerDeps } from './runController';

export class RunService extends Disposable {
  private readonly controllers = new Map<string, Promise<RunController>>();
  /** Controllers whose initialize() has finished (their document and session are loaded). */
  private readonly loaded = new Map<string, RunController>();
  private readonly changed = this.register(new vscode.EventEmitter<RunController>());
  /** Fires with the controller whose state changed (gutters, CodeLens, status bar listen). */
  readonly onDidChange = this.changed.event;
  private readonly deps: ControllerDeps;

  constructor(panels: PanelManager, documents: RunbookDocuments, memento: vscode.Memento, readonly log: vscode.LogOutputChannel, toolVersion: string) {
    super();
    this.deps = { post: (uri, m) => panels.postState(uri, m), hasPanel: (uri) => panels.hasPanel(uri), document: (uri) => documents.get(uri), memento, log, toolVersion };
    panels.route(this.handlers, (key) => this.webviewReady(key));
    this.register(documents.onDidChange((doc) => void this.controllers.get(doc.key)?.then((c) => c.setDocument(doc))));
    this.register({ dispose: () => this.controllers.forEach((c) => void c.then((x) => x.dispose())) });
  }

  /** The controller of a runbook (loads its remembered session the first time). */
  controller(uri: vscode.Uri): Promise<RunController> {
    const key = uri.toString();
    let existing = this.controllers.get(key);
    if (!existing) {
      const controller = new RunController(uri, this.deps);
      this.register(controller.onDidChange(() => this.changed.fire(controller)));
      existing = controller.initialize().then(() => {
        this.loaded.set(key, controller);
        // Readers of ready() (the CodeLens) learn that it has the session's state now.
        this.changed.fire(controller);
        return controller;
      });
      this.controllers.set(key, existing);
    }
    return existing;
  }

  /** Controllers already created (for decorations of open editors). */
  async known(uri: vscode.Uri): Promise<RunController | undefined> {
    return this.controllers.get(uri.toString());
  }

  /**
   * The controller of a runbook if it exists and has loaded its session, without waiting: for a
   * reader that must answer at once (the CodeLens); RunService.onDidChange tells when it is ready.
   */
  ready(uri: vscode.Uri): RunController | undefined {
    return this.loaded.get(uri.toString());
  }

  /** The run service's share of the webview message table: each goes to its runbook's controller. */
  private readonly handlers = Object.fromEntries(Object.entries(RunController.handlers).map(([type, handle]) => [
    type,
    async (message: { type: string }, source: MessageSource) => {
      const controller = await this.controller(source.uri);
      if (message.type === 'rendered' && this.needsSnapshot.delete(source.key)) controller.webviewReloaded();
      return (handle as (m: unknown, c: RunController) => unknown)(message, controller);
    },
  ])) as unknown as RunMessageHandlers;

  /** Webviews (re)loaded and not yet rendered: their first render gets the session's state. */
  private readonly needsSnapshot = new Set<string>();

  private webviewReady(key: string): void {
    this.needsSnapshot.add(key);
  }
}
