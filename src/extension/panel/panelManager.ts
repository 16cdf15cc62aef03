// Keeps exactly one RunbookPanel per document: opens or reveals it, restores panels after a
// reload (main.ts registers the WebviewPanelSerializer at activation and hands it to this), and
// pushes each parsed edit (RunbookDocuments) and trust changes to the open panels.
import * as vscode from 'vscode';
import type { FromWebviewMessage, ToWebviewMessage, WebviewPersistedState } from '../../webview/protocol';
import type { WebviewMessageEvent } from '../api';
import { Disposable } from '../dispose';
import type { RunbookDocuments } from '../runbookDocument';
import { dispatchMessage, type MessageHandlers, type RunMessageHandlers } from './messageDispatch';
import { RunbookPanel, VIEW_TYPE, webviewOptions, type PanelHost } from './runbookPanel';
import { errorMessage } from '../../core/text/errorMessage';

export class PanelManager extends Disposable implements vscode.WebviewPanelSerializer<WebviewPersistedState> {
  private readonly panels = new Map<string, RunbookPanel>();
  private readonly received = this.register(new vscode.EventEmitter<WebviewMessageEvent<FromWebviewMessage>>());
  private readonly posted = this.register(new vscode.EventEmitter<WebviewMessageEvent<ToWebviewMessage>>());
  readonly onDidReceiveMessage = this.received.event;
  readonly onDidPostMessage = this.posted.event;
  private readonly host: PanelHost;

  constructor(extensionUri: vscode.Uri, log: (line: string) => void, documents: RunbookDocuments) {
    super();
    this.host = {
      extensionUri,
      document: (uri) => documents.get(uri),
      isTrusted: () => vscode.workspace.isTrusted,
      onMessage: (uri, message) => this.received.fire({ uri, message }),
      dispatch: (panel, message) => this.dispatch(panel, message),
      onPost: (uri, message) => this.posted.fire({ uri, message }),
      log,
      onDispose: (panel) => {
        if (this.panels.get(panel.key) === panel) this.panels.delete(panel.key);
      },
    };
    this.register(documents.onDidChange((doc) => void this.panels.get(doc.key)?.update(doc)));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.updateAll()));
    this.register({ dispose: () => this.panels.forEach((p) => p.dispose()) });
  }

  /**
   * The run service's handlers complete the message table; `onReady` hears each (re)loaded
   * webview. Until then, run messages are logged and dropped (activation wires it at once).
   */
  route(run: RunMessageHandlers, onReady: (key: string) => void): void {
    this.table = {
      ...run,
      ...RunbookPanel.handlers,
      ready: (m, panel) => {
        onReady(panel.key); // before the document goes out: the first render then gets the session's state
        return RunbookPanel.handlers.ready(m, panel);
      },
    };
  }

  private table: MessageHandlers<FromWebviewMessage, RunbookPanel> | undefined;

  private async dispatch(panel: RunbookPanel, message: FromWebviewMessage): Promise<void> {
    const table = this.table;
    if (!table) return void this.host.log(`no handler yet for the webview message '${message.type}'`);
    try {
      await dispatchMessage(table, message, panel);
    } catch (error) {
      this.host.log(`handling '${message.type}' for ${panel.documentUri.fsPath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Runbook: ${errorMessage(error)}`);
    }
  }

  /** Posts run state to the panel of `uri` (coalesced); false when no panel is open. */
  postState(uri: string, message: ToWebviewMessage): boolean {
    const panel = this.panels.get(uri);
    panel?.postState(message);
    return panel !== undefined;
  }

  hasPanel(uri: string): boolean {
    return this.panels.has(uri);
  }

  openPanels(): readonly string[] {
    return [...this.panels.keys()];
  }

  /** Opens the runbook's panel, or reveals the existing one. */
  createOrShow(documentUri: vscode.Uri, column: vscode.ViewColumn): RunbookPanel {
    const existing = this.panels.get(documentUri.toString());
    if (existing) {
      existing.panel.reveal(column);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Runbook', column, { ...webviewOptions(this.host.extensionUri), enableFindWidget: true });
    return this.track(new RunbookPanel(panel, documentUri, this.host));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): Promise<void> {
    if (!state?.uri) {
      panel.dispose(); // nothing to restore: an empty panel would only confuse
      return;
    }
    panel.webview.options = webviewOptions(this.host.extensionUri);
    const uri = vscode.Uri.parse(state.uri, true);
    const existing = this.panels.get(uri.toString());
    if (existing) {
      panel.dispose();
      return;
    }
    this.track(new RunbookPanel(panel, uri, this.host));
  }

  private track(panel: RunbookPanel): RunbookPanel {
    this.panels.set(panel.key, panel);
    return panel;
  }

  private updateAll(): void {
    for (const panel of this.panels.values()) void panel.update();
  }
}
