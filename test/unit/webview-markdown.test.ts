import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format/parse';
import { renderMarkdown, withoutFrontMatter } from '../../src/webview/render/markdown';

test('step fences become slots keyed by their source line; other fences stay highlighted code', () => {
  const text = '# T\n\n```bash {#a}\necho a\n```\n\n```text\nnot a step\n```\n';
  const runbook = parseRunbook(text);
  const out = renderMarkdown(text, runbook);
  assert.deepEqual(out.stepLines, [3]);
  assert.ok(out.html.includes(`<div class="rb-step-slot" data-line="3" data-rb-key="${out.key}"></div>`));
  assert.doesNotMatch(out.html, /echo a/);
  assert.match(out.html, /not a step/);
});

test('raw HTML is passed on for the sanitiser; our own markup carries a fresh random key per render', () => {
  const text = '<details><summary>More</summary>\n\n<kbd>Ctrl</kbd>\n\n</details>\n\n[x](javascript:alert(1))\n\n- [ ] check\n';
  const runbook = parseRunbook(text);
  const out = renderMarkdown(text, runbook);
  assert.match(out.html, /<details><summary>More<\/summary>/);
  assert.doesNotMatch(out.html, /href="javascript/, 'markdown-it drops javascript: links itself');
  assert.match(out.key, /^[0-9a-f]{32}$/);
  assert.notEqual(renderMarkdown(text, runbook).key, out.key);
  assert.ok(out.html.includes(`<input type="checkbox" class="rb-check" data-line="9" data-rb-key="${out.key}">`));
  assert.ok(!out.html.includes('<details data-rb-key'), 'the runbook\'s own HTML gets no key');
});

test('task items get a checkbox placeholder carrying the item line, and the marker is removed', () => {
  const text = '# Checks\n\n- [ ] first\n- [x] second\n- plain\n';
  const out = renderMarkdown(text, parseRunbook(text));
  assert.match(out.html, /<ul class="contains-task-list"[^>]*>/);
  assert.match(out.html, /<input type="checkbox" class="rb-check" data-line="3" data-rb-key="\w+">first/);
  assert.match(out.html, /<input type="checkbox" class="rb-check" data-line="4" data-source-checked="true" data-rb-key="\w+">second/);
  assert.doesNotMatch(out.html, /\[ \]|\[x\]/);
  assert.equal((out.html.match(/rb-check/g) ?? []).length, 2);
});

test('front matter is blanked without shifting lines; headings get GitHub-style ids', () => {
  const text = '---\ntitle: X\nsecret: true\n---\n# Hello World\n';
  const blanked = withoutFrontMatter(text, parseRunbook(text));
  assert.equal(blanked.split('\n').length, text.split('\n').length);
  const out = renderMarkdown(text, parseRunbook(text));
  assert.doesNotMatch(out.html, /secret/);
  assert.match(out.html, /<h1 data-line="5" data-rb-key="\w+" id="hello-world">Hello World<\/h1>/);
});

test('GFM tables render', () => {
  const text = '| a | b |\n|---|---|\n| 1 | 2 |\n';
  assert.match(renderMarkdown(text, parseRunbook(text)).html, /<table[^>]*>[\s\S]*<td>1<\/td>/);
});

test('GitHub alerts render as alerts (ours: keyed, titled, escaped); a plain quote stays a quote', () => {
  const text = '# T\n\n> [!WARNING]\n> Stop the <b>service</b> first.\n\n> [!NOTE] <img src=x onerror=alert(1)>\n> x\n\n> just a quote\n';
  const out = renderMarkdown(text, parseRunbook(text));
  assert.ok(out.html.includes(`<div class="markdown-alert markdown-alert-warning" data-line="3" data-rb-key="${out.key}">`));
  assert.ok(out.html.includes(`<p class="markdown-alert-title" data-rb-key="${out.key}"><span class="codicon codicon-warning" aria-hidden="true" data-rb-key="${out.key}"></span>Warning</p>`));
  assert.doesNotMatch(out.html, /\[!WARNING\]/);
  assert.match(out.html, /&lt;img src=x onerror=alert\(1\)&gt;/, 'a custom title is text, never markup');
  assert.match(out.html, /<blockquote data-line="9"[^>]*>\s*<p>just a quote<\/p>/);
});

test('emoji shortcodes render as GitHub shows them; code keeps them literal', () => {
  const text = '# T\n\n:warning: Back up first :white_check_mark:\n\n`:warning:`\n';
  const out = renderMarkdown(text, parseRunbook(text));
  assert.match(out.html, /⚠️ Back up first ✅/);
  assert.match(out.html, /<code>:warning:<\/code>/);
});
