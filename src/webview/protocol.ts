// The typed message protocol between the extension host (src/extension) and the webview
// (src/webview). Both sides import these unions; receivers switch on `type` exhaustively.
import type { Runbook } from '../core/format/model';

/** Extension host → webview. */
export type ToWebviewMessage =
  | {
      readonly type: 'document';
      /** The runbook's URI as a string (identity of the panel). */
      readonly uri: string;
      /** The Markdown text (LF line endings); the webview renders it with markdown-it. */
      readonly text: string;
      readonly runbook: Runbook;
      /** False in an untrusted workspace: everything renders read-only. */
      readonly trusted: boolean;
    };

/** Webview → extension host. */
export type FromWebviewMessage =
  | { readonly type: 'ready' }
  /** Sent after each render: what the user now sees (also what the integration tests check). */
  | { readonly type: 'rendered'; readonly stepCount: number; readonly checkCount: number }
  | { readonly type: 'runStep'; readonly stepId: string }
  | { readonly type: 'revealLine'; readonly line: number }
  | { readonly type: 'openLink'; readonly href: string };

/** State the webview keeps across reloads (vscode.setState / the panel serializer). */
export interface WebviewPersistedState {
  readonly uri: string;
}
