// An in-process LSP session for the server tests: the real server (startServer) and a JSON-RPC
// client joined by two in-memory streams, so every request goes through the LSP wire protocol.
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { RunbookFilesParams } from '../../src/core/language/runbookFilesNotification';
import { startServer, type ServerOptions } from '../../src/server/server';

export interface LspSession {
  readonly client: MessageConnection;
  readonly capabilities: InitializeResult['capabilities'];
  open(uri: string, text: string): Promise<Diagnostic[]>;
  change(uri: string, text: string): Promise<Diagnostic[]>;
  close(uri: string): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  dispose(): void;
}

/** What the client tells the server about runbook files unless a test says otherwise: every Markdown file is one. */
const EVERY_FILE_A_RUNBOOK: RunbookFilesParams = { include: ['**/*.md'], remembered: [] };

export async function startSession(options: ServerOptions & { workspaceFolders?: { uri: string; name: string }[]; runbookFiles?: RunbookFilesParams | null } = {}): Promise<LspSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { lintDelayMs: 0, ...options });
  server.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));

  // Each publishDiagnostics resolves the oldest waiter for its uri.
  const waiters = new Map<string, ((d: Diagnostic[]) => void)[]>();
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => waiters.get(p.uri)?.shift()?.(p.diagnostics));
  client.listen();
  const nextDiagnostics = (uri: string) => new Promise<Diagnostic[]>((resolve) => {
    const list = waiters.get(uri) ?? [];
    list.push(resolve);
    waiters.set(uri, list);
  });

  const init = await client.sendRequest<InitializeResult>('initialize', {
    processId: null, rootUri: null, capabilities: {}, workspaceFolders: options.workspaceFolders ?? null,
    initializationOptions: options.runbookFiles === undefined ? EVERY_FILE_A_RUNBOOK : options.runbookFiles,
  });
  await client.sendNotification('initialized', {});
  const versions = new Map<string, number>();

  return {
    client,
    capabilities: init.capabilities,
    async open(uri, text) {
      const next = nextDiagnostics(uri);
      versions.set(uri, 1);
      await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      return next;
    },
    async change(uri, text) {
      const next = nextDiagnostics(uri);
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      return next;
    },
    async close(uri) {
      const next = nextDiagnostics(uri);
      await client.sendNotification('textDocument/didClose', { textDocument: { uri } });
      return next;
    },
    request: (method, params) => client.sendRequest(method, params),
    dispose() {
      client.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
