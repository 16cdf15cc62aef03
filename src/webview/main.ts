// Webview entry (bundled to dist/webview.js, loaded by the panel host with a CSP nonce).
// Renders the runbook notebook and speaks the typed protocol in ./protocol.ts.
import '../../media/notebook.css';
import { getPersistedState, listen, post, setPersistedState } from './messaging';
import { Notebook } from './notebook';

/**
 * Stylesheets sit beside the script (dist/webview.css, dist/codicons/codicon.css); link them
 * when the host page did not, so the UI never depends on the host's HTML for its look.
 */
function ensureStylesheets(scriptSrc: string | undefined): void {
  if (!scriptSrc) return;
  const present = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => l.href);
  for (const relative of ['codicons/codicon.css', 'webview.css']) {
    const href = new URL(relative, scriptSrc).href;
    if (present.some((p) => p.split('?')[0] === href || p.endsWith(`/${relative}`))) continue;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.append(link);
  }
}

ensureStylesheets((document.currentScript as HTMLScriptElement | null)?.src);

const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
root.id = 'root';
const persisted = getPersistedState();
const notebook = new Notebook(root, post, persisted);

listen((message) => {
  notebook.handle(message);
  if (message.type === 'document') persistState();
});

let scrollPending = false;
function persistState(): void {
  if (!notebook.documentUri) return;
  setPersistedState({ uri: notebook.documentUri, scrollLine: notebook.scrollLine });
}
window.addEventListener('scroll', () => {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    persistState();
  });
}, { passive: true });
// A note typed less than the idle time before the panel is hidden or closed is sent now.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') notebook.flushNotes();
});
window.addEventListener('pagehide', () => notebook.flushNotes());
window.addEventListener('error', (event) => post({ type: 'log', level: 'error', message: `webview: ${event.message}` }));

post({ type: 'ready' });
