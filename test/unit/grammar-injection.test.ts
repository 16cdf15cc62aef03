// The injected grammars against VS Code's own Markdown grammar (vendored, tokenized offline by
// vscode-textmate + vscode-oniguruma). Snapshots live in test/fixtures/grammar/*.snap;
// regenerate with UPDATE_SNAPSHOTS=1 after a deliberate grammar change and review the diff.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRunbook, parseRunbookWithFences } from '../../src/core/format';
import { contributedInjections, scopesOf, snapshot, tokenizeMarkdown } from '../fixtures/grammar/tokenize';

const dir = join(import.meta.dirname, '..', 'fixtures', 'grammar');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

test('package.json injects both runbook grammars into Markdown', () => {
  assert.deepEqual(contributedInjections().sort(), ['runbook.markdown.fences.injection', 'runbook.markdown.frontmatter.injection']);
});

for (const name of ['runbook.md', 'plain.md']) {
  test(`snapshot: ${name}`, async () => {
    const text = read(name);
    const actual = snapshot(text, await tokenizeMarkdown(text, contributedInjections()));
    const file = join(dir, `${name}.snap`);
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) writeFileSync(file, actual);
    assert.equal(actual, readFileSync(file, 'utf8'));
  });
}

test('Markdown without runbook fences or variables is coloured exactly as without the injections', async () => {
  const text = read('plain.md');
  assert.deepEqual(await tokenizeMarkdown(text, contributedInjections()), await tokenizeMarkdown(text, []));
});

test('a step fence keeps its Markdown scopes and embedded body; only the brace text gains scopes', async () => {
  const text = read('runbook.md');
  const withRunbook = await tokenizeMarkdown(text, contributedInjections());
  const plain = await tokenizeMarkdown(text, []);
  const lines = text.split('\n');
  const body = lines.indexOf('curl -X POST "https://lb/drain/$HOST"');
  assert.deepEqual(withRunbook[body], plain[body], 'the bash body is tokenized by the shell grammar as before');
  const fence = lines.findIndex((l) => l.includes('#drain-node'));
  const lang = (tokens: typeof plain[number]) => tokens.find((t) => t.text === 'bash')!.scopes;
  assert.deepEqual(lang(withRunbook[fence]!), lang(plain[fence]!));
  // Lines outside fences with attributes (headings, lists, the plain fence) are unchanged.
  for (const marker of ['# Restart', '- In a list:', 'echo no attributes here', '```bash']) {
    const i = lines.indexOf(marker);
    assert.deepEqual(withRunbook[i], plain[i], marker);
  }
});

test('attribute keys, values, ids and braces get their scopes in all three styles', async () => {
  const text = read('runbook.md');
  const lines = await tokenizeMarkdown(text, contributedInjections());
  const has = (marker: string, token: string, scope: string) =>
    assert.ok(scopesOf(lines, text, marker, token).includes(scope), `${token} on ${marker}: ${scopesOf(lines, text, marker, token).join(' ')}`);
  has('#drain-node', '{', 'punctuation.definition.attributes.begin.runbook');
  has('#drain-node', 'drain-node', 'entity.name.function.step-id.runbook');
  has('#drain-node', 'slow', 'entity.other.attribute-name.class.runbook');
  has('#drain-node', 'timeout', 'entity.other.attribute-name.runbook');
  has('#drain-node', '5m', 'string.unquoted.runbook');
  has('#drain-node', '"Drain $HOST?"', 'string.quoted.runbook');
  has('#drain-node', '}', 'punctuation.definition.attributes.end.runbook');
  has('#drain-node', 'drain-node', 'markup.fenced_code.block.markdown');
  has('name=check-health', 'check-health', 'entity.name.function.step-id.runbook');
  has('name=check-health', 'continue-on-error', 'entity.other.attribute-name.runbook');
  has('"name": "report"', '"report"', 'entity.name.function.step-id.runbook');
  has('"name": "report"', 'timeout', 'entity.other.attribute-name.runbook');
  has('"name": "report"', 'false', 'constant.language.runbook');
});

test('front-matter variable declarations and their properties get scopes; other keys do not', async () => {
  const text = read('runbook.md');
  const lines = await tokenizeMarkdown(text, contributedInjections());
  for (const name of ['HOST', 'API_TOKEN', 'REGION']) {
    assert.ok(scopesOf(lines, text, `  ${name}:`, name).includes('variable.other.declaration.runbook'), name);
  }
  assert.ok(scopesOf(lines, text, 'secret: true', 'secret').includes('support.type.property-name.variable.runbook'));
  assert.ok(!scopesOf(lines, text, 'timeout: 5m', 'timeout: 5m').includes('meta.variables.runbook'), 'the variables block ends at the next top-level key');
  const plainText = read('plain.md');
  const plain = await tokenizeMarkdown(plainText, contributedInjections());
  assert.ok(!scopesOf(plain, plainText, 'NOT_IN_FRONT_MATTER', 'NOT_IN_FRONT_MATTER: 1').includes('variable.other.declaration.runbook'));
});

// Issue 13: a fence inside one of CommonMark's HTML blocks is HTML, not a step, so it gets no
// attribute scopes; the Markdown grammar's comment rule covers kind 2, the injection the others.
const HTML_BLOCKS: Record<string, string> = {
  'comment (kind 2)': '<!-- off\n```bash {#x timeout=5m}\necho\n```\n-->\n',
  'script (kind 1)': '<script type="text/x-template">\n```bash {#x timeout=5m}\necho\n```\n</script>\n',
  'pre (kind 1)': '<pre>\n```bash {#x timeout=5m}\necho\n```\n</pre>\n',
  'processing instruction (kind 3)': '<?wiki\n```bash {#x timeout=5m}\necho\n```\n?>\n',
  'declaration (kind 4)': '<!DOCTYPE wiki\n```bash {#x timeout=5m}\necho\n```\n>\n',
  'CDATA (kind 5)': '<![CDATA[\n```bash {#x timeout=5m}\necho\n```\n]]>\n',
  'div (kind 6)': '<div class="warning">\n```bash {#x timeout=5m}\necho\n```\n</div>\n',
  'details without blank lines (kind 6)': '<details><summary>More</summary>\n```bash {#x timeout=5m}\necho\n```\n</details>\n',
  'custom element (kind 7)': '<custom-note>\n```bash {#x timeout=5m}\necho\n```\n</custom-note>\n',
};
const hasAttributeScopes = (line: readonly { scopes: readonly string[] }[]) => line.some((t) => t.scopes.includes('meta.attributes.runbook'));

for (const [name, text] of Object.entries(HTML_BLOCKS)) {
  test(`a fence inside an HTML block gets no attribute scopes: ${name}`, async () => {
    assert.equal(parseRunbook(text).steps.length, 0, 'the parser agrees: no step');
    const lines = await tokenizeMarkdown(text, contributedInjections());
    assert.ok(!hasAttributeScopes(lines[1]!), JSON.stringify(lines[1]));
    // After the block ends, a fence is a step again and is scoped.
    const after = `${text}\n\`\`\`bash {#y}\necho\n\`\`\`\n`;
    const afterLines = await tokenizeMarkdown(after, contributedInjections());
    const fenceLine = after.split('\n').indexOf('```bash {#y}');
    assert.ok(hasAttributeScopes(afterLines[fenceLine]!), `the fence after the block: ${JSON.stringify(afterLines[fenceLine])}`);
    assert.deepEqual(parseRunbook(after).steps.map((s) => s.line), [fenceLine + 1]);
  });
}

test('on every corpus runbook, attribute scopes sit exactly on the parser\'s fences that carry attributes', async () => {
  const corpus = join(import.meta.dirname, '..', 'fixtures', 'corpus');
  const grammarLanguages = /^(bash|sh|zsh|shell|pwsh|powershell|ps1|cmd|bat|python|py|python3|node|js|javascript)$/i;
  for (const file of readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const text = readFileSync(join(corpus, file), 'utf8');
    const lines = await tokenizeMarkdown(text, contributedInjections());
    const scoped = lines.flatMap((l, i) => (hasAttributeScopes(l) ? [i + 1] : []));
    const source = text.split('\n');
    // Limit: the grammar scopes `lang {…}` only, not Pandoc's `{.bash …}` (language as a class).
    const langFirst = (line: number) => /(`{3,}|~{3,})\s*[A-Za-z]/.test(source[line - 1]!);
    // Every Markdown fence (never one inside HTML) in a step language with a `{…}` block: steps, and
    // fences whose attributes make them documentation (`norun`, Runme's `ignore=true`, `transform=false`).
    const attributed = parseRunbookWithFences(text).fences
      .filter((f) => grammarLanguages.test(f.lang) && langFirst(f.openLine + 1) && /\{.*\}\s*$/.test(source[f.openLine]!))
      .map((f) => f.openLine + 1);
    assert.deepEqual(scoped, attributed, file);
  }
});
