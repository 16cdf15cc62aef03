// One webview panel showing one runbook. It owns the panel, renders the HTML shell with a fresh
// CSP nonce, sends the document when the webview says it is ready, validates the webview's
// messages and hands them to the one typed dispatch (panel/messageDispatch.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWebviewMessage, ToWebviewMessage } from '../../webview/protocol';
import { Disposable } from '../dispose';
import type { RunbookDocument } from '../runbookDocument';
import { MessageCoalescer } from '../run/coalescer';
import { createNonce, renderWebviewHtml } from './html';
import { checkWebviewMessage } from './messageGuard';
import type { MessageHandlers, PanelMessageType } from './messageDispatch';

export { VIEW_TYPE } from './viewType';

/** What a panel needs from its owner; plain callbacks so the panel stays small. */
export interface PanelHost {
  readonly extensionUri: vscode.Uri;
  /** The runbook parsed (one RunbookDocument per file, shared with the run controller). */
  document(uri: vscode.Uri): Promise<RunbookDocument>;
  isTrusted(): boolean;
  /** Observes a validated message (the test API's event). */
  onMessage(uri: string, message: FromWebviewMessage): void;
  /** Acts on a validated message: the one handler table. */
  dispatch(panel: RunbookPanel, message: FromWebviewMessage): void | Promise<void>;
  onPost(uri: string, message: ToWebviewMessage): void;
  onDispose(panel: RunbookPanel): void;
  /** A line for the Runbook output channel. */
  log(line: string): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Only the bundled assets may load: no runbook-relative file is reachable from the webview.
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

export class RunbookPanel extends Disposable {
  private ready = false;
  /** Step ids of the runbook as last sent to the webview: what its messages may name. */
  private stepIds: ReadonlySet<string> = new Set();
  /** Run state and output go through here: ≤ ~30 postMessages per second, floods bounded. */
  private readonly outbox = new MessageCoalescer((m) => this.post(m));

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    super();
    this.register(panel);
    this.register({ dispose: () => this.outbox.dispose() });
    this.register(panel.onDidDispose(() => {
      this.dispose();
      host.onDispose(this);
    }));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => {
      // Validated before anything acts on it: unknown types and unknown step ids are logged, dropped.
      const checked = checkWebviewMessage(m, this.stepIds);
      if (checked.ok) this.receive(checked.message);
      else this.host.log(`rejected a webview message: ${checked.reason}: ${JSON.stringify(m)?.slice(0, 300)}`);
    }));
    panel.title = `Runbook: ${path.posix.basename(documentUri.path)}`;
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'icon.png');
    this.renderShell();
  }

  get key(): string {
    return this.documentUri.toString();
  }

  get uri(): vscode.Uri {
    return this.documentUri;
  }

  /** Re-renders the HTML (new nonce); the webview then asks for the document again. */
  renderShell(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    this.ready = false;
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
      title: path.posix.basename(this.documentUri.path),
    });
  }

  /** Sends the document (text and parsed runbook) to the webview, once it is ready. */
  async update(document?: RunbookDocument): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    const { text, runbook } = document ?? (await this.host.document(this.documentUri));
    this.stepIds = new Set(runbook.steps.map((s) => s.id));
    this.post({ type: 'document', uri: this.key, text, runbook, trusted: this.host.isTrusted() });
  }

  /** Sends run state / output to the webview through the coalescer. */
  postState(message: ToWebviewMessage): void {
    if (!this.isDisposed) this.outbox.post(message);
  }

  private post(message: ToWebviewMessage): void {
    if (this.isDisposed) return;
    void this.panel.webview.postMessage(message);
    if (message.type === 'batch') for (const inner of message.messages) this.host.onPost(this.key, inner);
    else this.host.onPost(this.key, message);
  }

  private receive(message: FromWebviewMessage): void {
    this.host.onMessage(this.key, message); // observed (the test API); it does not route
    void this.host.dispatch(this, message);
  }

  /** The webview loaded (or reloaded): send it the document. */
  markReady(): void {
    this.ready = true;
    void this.update();
  }

  /** The panel's own share of the webview message table (panel/messageDispatch.ts). */
  static readonly handlers: MessageHandlers<Extract<FromWebviewMessage, { type: PanelMessageType }>, RunbookPanel> = {
    ready: (_m, panel) => panel.markReady(),
    manageTrust: () => void vscode.commands.executeCommand('workbench.trust.manage'),
    revealLine: (m, panel) => panel.revealLine(m.line),
    openLink: (m, panel) => panel.openLink(m.href),
    log: (m, panel) => panel.host.log(`[webview ${panel.documentUri.path}] ${m.level}: ${m.message}`),
  };

  private async revealLine(line: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(this.documentUri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  private async openLink(href: string): Promise<void> {
    // Only web links leave the editor; anything else (javascript:, command:, file:) is refused.
    const uri = vscode.Uri.parse(href, true);
    if (uri.scheme === 'https' || uri.scheme === 'http') await vscode.env.openExternal(uri);
  }
}
