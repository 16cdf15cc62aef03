// The pure language service, without LSP: documentation coverage, the tolerant fence and attribute
// scans editor features rely on, runbook detection, and positions with CRLF, BOM and containers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KNOWN_ATTRIBUTES } from '../../src/core/format/attributeValues';
import { FRONT_MATTER_KEYS, VARIABLE_KEYS } from '../../src/core/format/frontMatter';
import { ATTRIBUTE_DOCS, FRONT_MATTER_DOCS, looksLikeRunbook, RunbookLanguageService, VARIABLE_DOCS } from '../../src/core/language';
import { attributeTokens, tokenAt } from '../../src/core/language/attributeTokens';
import { RunbookDocument } from '../../src/core/language/document';

const source = (text: string, uri = 'file:///t.md') => ({ uri, version: 1, getText: () => text });

test('every attribute, front-matter key and variable field the format knows has documentation, and no more', () => {
  assert.deepEqual(Object.keys(ATTRIBUTE_DOCS).sort(), [...KNOWN_ATTRIBUTES].sort());
  assert.deepEqual(Object.keys(FRONT_MATTER_DOCS).sort(), [...FRONT_MATTER_KEYS].sort());
  assert.deepEqual(Object.keys(VARIABLE_DOCS).sort(), [...VARIABLE_KEYS].sort());
});

test('attribute tokens give key and value columns in Pandoc, Runme and JSON styles', () => {
  const pandoc = '```bash {#build .slow timeout=5m confirm="Stop it?" norun}';
  const t = attributeTokens(pandoc, pandoc.indexOf('{'), pandoc.length);
  assert.deepEqual(t.map((x) => [x.key, x.style, x.value]), [['id', 'hash', 'build'], ['class', 'class', 'slow'], ['timeout', 'pair', '5m'], ['confirm', 'pair', 'Stop it?'], ['norun', 'flag', undefined]]);
  const confirm = t[3]!;
  assert.equal(pandoc.slice(confirm.valueStart, confirm.valueEnd), 'Stop it?');
  const json = '```sh {"name": "deploy", "interactive": false}';
  const j = attributeTokens(json, json.indexOf('{'), json.length);
  assert.deepEqual(j.map((x) => [x.key, x.value, json.slice(x.keyStart, x.keyEnd)]), [['name', 'deploy', 'name'], ['interactive', 'false', 'interactive']]);
  // Unclosed while typing: scans to the end of the line.
  const typing = '```bash { name=x time';
  assert.deepEqual(attributeTokens(typing, typing.indexOf('{')).map((x) => x.key), ['name', 'time']);
  assert.equal(tokenAt(t, pandoc.indexOf('timeout') + 3)?.part, 'key');
  assert.equal(tokenAt(t, pandoc.indexOf('5m'))?.token.key, 'timeout');
});

test('the language server\'s fences are the parser\'s: lists, block quotes, inline code, longer fences', () => {
  const lines = ['- item', '  ```bash {#a}', '  echo', '  ```', '> ```sh {', '> x', '> ```', '````bash', '```', 'inside', '````', 'a ```bash inline``` b', '```python'];
  const fences = new RunbookDocument('file:///t.md', 1, lines.join('\n')).fences;
  assert.deepEqual(fences.map((f) => [f.openLine, f.closeLine, f.lang, f.executable, f.braces?.close !== undefined]), [
    [1, 3, 'bash', true, true], [4, 6, 'sh', true, false], [7, 10, 'bash', true, false], [12, 13, 'python', true, false],
  ]);
  assert.equal(fences[1]!.prefix, '> ');
});

test('looksLikeRunbook: executable fences or runbook front matter, not plain Markdown', () => {
  assert.ok(looksLikeRunbook('# x\n\n```bash\nls\n```\n'));
  assert.ok(looksLikeRunbook('- step\n  ~~~pwsh {#a}\n  dir\n  ~~~\n'));
  assert.ok(looksLikeRunbook('---\nvariables:\n  A: 1\n---\n# x\n'));
  assert.ok(looksLikeRunbook('\uFEFF---\r\nshell: zsh\r\n---\r\n'));
  assert.ok(!looksLikeRunbook('---\ntitle: Blog post\ntags: [a]\n---\n\n```json\n{}\n```\n- [ ] todo\n'));
  assert.ok(!looksLikeRunbook('Use `bash` or ```bash inline```.'));
});

test('CRLF line endings and a BOM keep every position right', () => {
  const lf = '---\nvariables:\n  HOST: {description: h}\n---\n```bash {#a timout=1s}\necho $HOST $NOPE\n```\n';
  const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
  const service = new RunbookLanguageService();
  const a = service.diagnostics(source(lf, 'file:///lf.md'));
  const b = service.diagnostics(source(crlf, 'file:///crlf.md'));
  assert.deepEqual(b.map((d) => [d.code, d.range]), a.map((d) => [d.code, d.range]));
  const refs = service.references(source(crlf, 'file:///crlf.md'), { line: 5, character: 7 }, true);
  assert.deepEqual(refs.map((r) => [r.range.start.line, r.range.start.character, r.range.end.character]), [[2, 2, 6], [5, 6, 10]]);
});

test('variables in steps inside list items are found at their real columns', () => {
  const text = '---\nvariables:\n  HOST: {}\n---\n1. Restart:\n\n   ```bash\n   ssh "$HOST" reboot\n   ```\n';
  const service = new RunbookLanguageService();
  const refs = service.references(source(text), { line: 2, character: 3 }, false);
  assert.deepEqual(refs.map((r) => r.range), [{ start: { line: 7, character: 9 }, end: { line: 7, character: 13 } }]);
  const hover = service.hover(source(text), { line: 7, character: 10 });
  assert.ok(hover);
});

test('hover on front-matter keys and variable fields documents them', () => {
  const text = '---\ntimeout: 5m\nvariables:\n  HOST:\n    secret: true\n---\n```bash\necho $HOST\n```\n';
  const service = new RunbookLanguageService();
  const value = (line: number, character: number) => {
    const h = service.hover(source(text), { line, character });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  assert.match(value(1, 2), /\*\*timeout\*\* — Default timeout/);
  assert.match(value(4, 6), /\*\*secret\*\* — The value is masked/);
  assert.match(value(3, 3), /\*\*HOST\*\* — runbook variable[\s\S]*Secret: yes/);
});
