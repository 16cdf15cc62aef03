// The webview's side of the typed protocol: one `post` for everything it sends, one listener
// that unwraps batches and hands each message to a handler the compiler checks exhaustively.
import type { FromWebviewMessage, ToWebviewMessage, WebviewPersistedState } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview.
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

export function getPersistedState(): WebviewPersistedState | undefined {
  return api.getState();
}

export function setPersistedState(state: WebviewPersistedState): void {
  api.setState(state);
}

/** Calls `handle` for every message from the host, batches unwrapped in order. */
export function listen(handle: (message: Exclude<ToWebviewMessage, { type: 'batch' }>) => void): void {
  const deliver = (message: ToWebviewMessage): void => {
    if (message.type === 'batch') {
      for (const inner of message.messages) deliver(inner);
      return;
    }
    try {
      handle(message);
    } catch (error) {
      post({ type: 'log', level: 'error', message: `webview failed to handle '${message.type}': ${String(error)}` });
    }
  };
  window.addEventListener('message', (event: MessageEvent) => {
    // Messages from the host arrive from the webview's own window; other sources are ignored.
    const data = event.data as ToWebviewMessage | undefined;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    deliver(data);
  });
}
