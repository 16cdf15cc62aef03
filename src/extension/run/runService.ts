// One RunController per runbook, created on demand; routes the webview's messages to it, keeps
// it in step with edits, and brings a (re)loaded panel up to date with the session's state.
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/executor';
import type { FromWebviewMessage } from '../../webview/protocol';
import type { WebviewMessageEvent } from '../api';
import { Disposable } from '../dispose';
import type { PanelManager } from '../panel/panelManager';
import { exportEvidence, finishSession } from './evidence';
import { RunController, type ControllerDeps } from './runController';

export class RunService extends Disposable {
  private readonly controllers = new Map<string, Promise<RunController>>();
  private readonly changed = this.register(new vscode.EventEmitter<RunController>());
  /** Fires with the controller whose state changed (gutters, CodeLens, status bar listen). */
  readonly onDidChange = this.changed.event;
  private readonly deps: ControllerDeps;

  constructor(private readonly panels: PanelManager, memento: vscode.Memento, readonly log: vscode.LogOutputChannel, toolVersion: string) {
    super();
    this.deps = { post: (uri, m) => panels.postState(uri, m), hasPanel: (uri) => panels.hasPanel(uri), memento, log, toolVersion };
    this.register(panels.onDidReceiveMessage((e) => void this.receive(e)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      const key = e.document.uri.toString();
      if (this.controllers.has(key)) void this.controllers.get(key)!.then((c) => c.setText(e.document.getText()));
    }));
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

  private async receive(event: WebviewMessageEvent<FromWebviewMessage>): Promise<void> {
    const message = event.message;
    const uri = vscode.Uri.parse(event.uri, true);
    try {
      switch (message.type) {
        case 'rendered': {
          // After each (re)load of the webview: send the session's state once.
          const c = await this.controller(uri);
          if (this.needsSnapshot.delete(event.uri)) for (const m of await c.snapshot()) this.panels.postState(event.uri, m);
          return;
        }
        case 'ready':
          this.needsSnapshot.add(event.uri);
          return;
        case 'runStep':
          return void (await this.controller(uri)).run({ kind: 'step', stepId: message.stepId });
        case 'runFrom':
          return void (await this.controller(uri)).run({ kind: 'from', stepId: message.stepId });
        case 'runAll':
          return void (await this.controller(uri)).run({ kind: 'all' });
        case 'cancel':
          return (await this.controller(uri)).cancel();
        case 'skipStep':
          return await (await this.controller(uri)).skip(message.stepId);
        case 'setNote':
          return await (await this.controller(uri)).setNote(message.stepId, message.text);
        case 'setCheck':
          return await (await this.controller(uri)).setCheck(message.stepId, message.checked);
        case 'submitVariables':
          return (await this.controller(uri)).submitVariables(message.values, message.requestId);
        case 'cancelVariables':
          return (await this.controller(uri)).cancelVariables(message.requestId);
        case 'newSession':
          return await (await this.controller(uri)).newSession();
        case 'openSession':
          return await (await this.controller(uri)).openSession(message.sessionId);
        case 'exportEvidence':
          await exportEvidence(await this.controller(uri), this.deps.toolVersion);
          return;
        case 'finishSession':
          await finishSession(await this.controller(uri));
          return;
        case 'copyOutput': {
          const record = (await this.controller(uri)).records.get(message.stepId);
          await vscode.env.clipboard.writeText(stripAnsi(record?.outputTail ?? ''));
          const partial = record && record.outputBytes > Buffer.byteLength(record.outputTail);
          void vscode.window.setStatusBarMessage(partial ? 'Runbook: copied the last 64 KB of the output (the session file has all of it)' : 'Runbook: output copied', 3000);
          return;
        }
        // Handled by the panel itself.
        case 'manageTrust':
        case 'revealLine':
        case 'openLink':
        case 'log':
          return;
        default: {
          const unknown: never = message;
          this.log.warn(`run service ignored ${JSON.stringify(unknown)}`);
        }
      }
    } catch (error) {
      this.log.error(`handling '${message.type}' for ${uri.fsPath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Runbook: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private readonly needsSnapshot = new Set<string>();
}
