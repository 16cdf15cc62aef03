// One typed dispatch for webview → host messages: a handler per message type. The table's type
// requires a handler for every type in the protocol (src/webview/protocol.ts), so a new message
// type without one does not compile (test/unit/webview-protocol-exhaustive.ts shows it).
import type * as vscode from 'vscode';
import type { FromWebviewMessage } from '../../webview/protocol';

export type MessageType = FromWebviewMessage['type'];
export type MessageOf<K extends MessageType, M extends { type: string } = FromWebviewMessage> = Extract<M, { type: K }>;

/** What a handler knows about the panel the message came from. */
export interface MessageSource {
  readonly uri: vscode.Uri;
  /** The runbook's URI as a string (the panel's identity). */
  readonly key: string;
}

/** A handler for each message type of `M` (the protocol by default). */
export type MessageHandlers<M extends { type: string } = FromWebviewMessage, S = MessageSource> = {
  readonly [K in M['type']]: (message: Extract<M, { type: K }>, source: S) => void | Promise<void>;
};

/** The messages the panel itself answers (trust, links, reveal, log, the handshake). */
export type PanelMessageType = 'ready' | 'manageTrust' | 'revealLine' | 'openLink' | 'log';
/** Everything else: runs, sessions, notes, checks, variables, evidence (RunController.handlers). */
export type RunMessage = Exclude<FromWebviewMessage, { type: PanelMessageType }>;
export type RunMessageHandlers = MessageHandlers<RunMessage>;

export function dispatchMessage<S extends MessageSource>(handlers: MessageHandlers<FromWebviewMessage, S>, message: FromWebviewMessage, source: S): void | Promise<void> {
  const handler = handlers[message.type] as (m: FromWebviewMessage, s: S) => void | Promise<void>;
  return handler(message, source);
}
