// One RunController per runbook, created on demand; answers the webview's run messages (its share
// of the typed message table, panel/messageDispatch.ts), keeps it in step with edits, and brings a
// (re)loaded panel up to date with the session's state.
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/executor';
import { Disposable } from '../dispose';
import type { RunbookDocuments } from '../runbookDocument';
import type { RunMessageHandlers } from '../panel/messageDispatch';
import type { PanelManager } from '../panel/panelManager';
import { exportEvidence, finishSession } from './evidence';
import { RunController, type ControllerDeps } from './runController';

export class RunService extends Disposable {
  private readonly controllers = new Map<string, Promise<RunController>>();
  private readonly changed = this.register(new vscode.EventEmitter<RunController>());
  /** Fires with the controller whose state changed (gutters, CodeLens, status bar listen). */
  readonly onDidChange = this.changed.event;
  private readonly deps: ControllerDeps;

  constructor(private readonly panels: PanelManager, documents: RunbookDocuments, memento: vscode.Memento, readonly log: vscode.LogOutputChannel, toolVersion: string) {
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
      existing = controller.initialize().then(() => controller);
      this.controllers.set(key, existing);
    }
    return existing;
  }

  /** Controllers already created (for decorations of open editors). */
  async known(uri: vscode.Uri): Promise<RunController | undefined> {
    return this.controllers.get(uri.toString());
  }

  /** The run service's share of the webview message table (the panel answers the rest). */
  readonly handlers: RunMessageHandlers = {
    // After each (re)load of the webview: send the session's state once.
    rendered: async (_m, { uri, key }) => {
      const c = await this.controller(uri);
      if (this.needsSnapshot.delete(key)) for (const m of await c.snapshot()) this.panels.postState(key, m);
    },
    runStep: async (m, { uri }) => void (await this.controller(uri)).run({ kind: 'step', stepId: m.stepId }),
    runFrom: async (m, { uri }) => void (await this.controller(uri)).run({ kind: 'from', stepId: m.stepId }),
    runAll: async (_m, { uri }) => void (await this.controller(uri)).run({ kind: 'all' }),
    cancel: async (m, { uri }) => (await this.controller(uri)).cancel(m.stepId),
    skipStep: async (m, { uri }) => (await this.controller(uri)).skip(m.stepId),
    setNote: async (m, { uri }) => (await this.controller(uri)).setNote(m.stepId, m.text),
    setCheck: async (m, { uri }) => (await this.controller(uri)).setCheck(m.stepId, m.checked),
    submitVariables: async (m, { uri }) => (await this.controller(uri)).submitVariables(m.values, m.requestId),
    cancelVariables: async (m, { uri }) => (await this.controller(uri)).cancelVariables(m.requestId),
    newSession: async (_m, { uri }) => (await this.controller(uri)).newSession(),
    openSession: async (m, { uri }) => (await this.controller(uri)).openSession(m.sessionId),
    exportEvidence: async (_m, { uri }) => void (await exportEvidence(await this.controller(uri), this.deps.toolVersion)),
    finishSession: async (_m, { uri }) => void (await finishSession(await this.controller(uri))),
    copyOutput: async (m, { uri }) => {
      const record = (await this.controller(uri)).records.get(m.stepId);
      await vscode.env.clipboard.writeText(stripAnsi(record?.outputTail ?? ''));
      const partial = record && record.outputBytes > Buffer.byteLength(record.outputTail);
      void vscode.window.setStatusBarMessage(partial ? 'Runbook: copied the last 64 KB of the output (the session file has all of it)' : 'Runbook: output copied', 3000);
    },
  };

  /** A (re)loaded webview gets the session's state once it has rendered. */
  webviewReady(key: string): void {
    this.needsSnapshot.add(key);
  }

  private readonly needsSnapshot = new Set<string>();
}
