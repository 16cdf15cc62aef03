// Builds the webview's HTML shell. Pure (no vscode import) so unit tests can check the CSP.
// Nothing from the runbook is spliced in here: the content arrives later by postMessage.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin allowed to serve our script, styles and font. */
  readonly cspSource: string;
  /** Webview URIs (as strings) of the bundled script and styles. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconsUri: string;
  /** A fresh nonce for every render; see `createNonce`. */
  readonly nonce: string;
  /** Shown until the script renders the runbook, e.g. the file name. */
  readonly title: string;
}

/** 128 bits from the OS CSPRNG, base64: unguessable by content injected into the page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} https: data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${attr(o.nonce)}" href="${attr(o.codiconsUri)}">
<link rel="stylesheet" nonce="${attr(o.nonce)}" href="${attr(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="loading">Loading ${escapeHtml(o.title)}…</p></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
