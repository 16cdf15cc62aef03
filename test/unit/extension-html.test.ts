// The webview HTML shell: strict CSP with a per-render nonce, nothing injectable.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from '../../src/extension/panel/html';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://x/dist/webview.js',
  styleUri: 'https://x/dist/webview.css',
  codiconsUri: 'https://x/dist/codicons/codicon.css',
  title: 'hello.md',
};

test('nonces are fresh, long and from a CSPRNG-sized space', () => {
  const nonces = new Set(Array.from({ length: 200 }, createNonce));
  assert.equal(nonces.size, 200);
  for (const n of nonces) assert.ok(Buffer.from(n, 'base64').length >= 16);
});

test('the CSP denies by default and allows scripts only by nonce', () => {
  const csp = contentSecurityPolicy(options.cspSource, 'abc');
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-abc'"]);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
});

test('the page loads the bundle with the nonce and has no inline script', () => {
  const html = renderWebviewHtml({ ...options, nonce: 'n0nce' });
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, /nonce="n0nce"/);
  assert.match(scripts[0]![1]!, /src="https:\/\/x\/dist\/webview\.js"/);
  assert.equal(scripts[0]![2], '', 'no inline script body');
  assert.match(html, /http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
});

test('a hostile file name cannot break out of the markup', () => {
  const html = renderWebviewHtml({ ...options, nonce: 'n', title: '"><script>alert(1)</script>.md' });
  assert.equal([...html.matchAll(/<script/g)].length, 1);
  assert.ok(html.includes('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;.md'));
});
