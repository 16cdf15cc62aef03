// CommonMark's own spec examples with the reference implementation (commonmark.js) as the
// oracle: Runbook's steps and checks are exactly the blocks CommonMark (GitHub, VS Code's
// preview) sees, in every container and never inside an HTML block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import spec from 'commonmark-spec';
import { parseRunbook } from '../../src/core/format';
import { internals, isFence, reference, referenceFences, runbookFences, walk } from './commonmark-oracle';

/** The example with every fence's info string replaced by `bash` (found through the oracle, so the structure is unchanged). */
function withBashInfo(markdown: string): string {
  const lines = markdown.split('\n');
  walk(reference.parse(markdown), (n) => {
    if (!isFence(n)) return;
    const i = n.sourcepos[0][0] - 1;
    const line = lines[i]!;
    const marker = internals(n)._fenceChar;
    const at = line.indexOf(marker.repeat(3), Math.max(0, n.sourcepos[0][1] - 1));
    const start = at >= 0 ? at : line.indexOf(marker.repeat(3));
    let end = start;
    while (line[end] === marker) end++;
    lines[i] = `${line.slice(0, end)}bash`;
  });
  return lines.join('\n');
}

const examples = spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }));
// A first line `---` is front matter to Runbook (as to Jekyll, Hugo and GitHub's file view), not CommonMark.
const compared = examples.filter((e) => !/^---[ \t]*\n/.test(e.markdown));

test('the spec examples are all there (the oracle is not empty)', () => {
  assert.ok(examples.length >= 600, `${examples.length} examples`);
  assert.ok(compared.filter((e) => referenceFences(withBashInfo(e.markdown)).length > 0).length >= 30);
});

// Only ~35 examples have fences of their own, so every example is also tried with a bash fence
// after it and one after its first line: inside an HTML block, an unclosed fence, a list item, a
// block quote or a paragraph the oracle says whether that fence is a fence at all, and where.
const variants: Record<string, (markdown: string) => string> = {
  'a fence after it': (m) => `${m}\n\`\`\`bash\necho after\n\`\`\`\n`,
  'a fence after its first line': (m) => m.replace(/\n/, '\n```bash\necho inside\n```\n'),
};
for (const [name, variant] of Object.entries(variants)) {
  test(`every spec example with ${name}: steps are the reference's fenced code blocks`, () => {
    let agreedFences = 0;
    for (const e of compared) {
      const markdown = withBashInfo(variant(e.markdown));
      const expected = referenceFences(markdown);
      assert.deepEqual(runbookFences(markdown), expected, `example ${e.number} (${e.section}):\n${markdown}`);
      agreedFences += expected.length;
    }
    assert.ok(agreedFences > compared.length / 2, `${agreedFences} fences compared`);
  });
}

for (const example of compared) {
  test(`spec example ${example.number} (${example.section}): steps are the reference's fenced code blocks`, () => {
    const markdown = withBashInfo(example.markdown);
    const expected = referenceFences(markdown);
    assert.ok(expected.every((f) => f.lang === 'bash'), 'every fence now says bash');
    assert.deepEqual(runbookFences(markdown), expected);
  });
}

/** Reference list items whose first paragraph starts with a GFM task marker. */
function referenceTasks(markdown: string): number[] {
  const lines = markdown.split('\n');
  const out: number[] = [];
  walk(reference.parse(markdown), (n) => {
    if (n.type !== 'item' || n.firstChild?.type !== 'paragraph') return;
    const [line, column] = n.firstChild.sourcepos[0];
    if (/^\[[ xX]\](?:[ \t]|$)/.test(lines[line - 1]!.slice(column - 1))) out.push(line);
  });
  return out;
}

const taskDocuments: Record<string, string> = {
  'top level': '- [ ] one\n- [x] two\n',
  'nested and ordered': '1. [ ] one\n   - [ ] nested\n2) text\n',
  'inside a comment': '<!-- disabled\n- [ ] hidden\n-->\n\n- [ ] shown\n',
  'inside a div': '<div>\n- [ ] hidden\n</div>\n',
  'details without blank lines': '<details><summary>More</summary>\n- [ ] hidden\n</details>\n',
  'in a fence': '```\n- [ ] code\n```\n',
  'indented code': 'para\n\n    - [ ] code\n',
  'block quote': '> - [ ] quoted\n',
  'lazy continuation is not an item': '- item\n[ ] not a task\n',
  'second paragraph': '- text\n\n  [ ] not first\n',
  'no space after marker': '- [x]done\n- [ ]\n',
  'tab after marker': '- [ ]\tone\n',
};

for (const [name, markdown] of Object.entries(taskDocuments)) {
  test(`task items (${name}): checks are the reference's list items that start with a task marker`, () => {
    const checks = parseRunbook(markdown).steps.filter((s) => s.kind === 'check').map((s) => s.line);
    assert.deepEqual(checks, referenceTasks(markdown));
  });
}

test('task items across every spec example are the reference\'s', () => {
  for (const e of compared) {
    const checks = parseRunbook(e.markdown).steps.filter((s) => s.kind === 'check').map((s) => s.line);
    assert.deepEqual(checks, referenceTasks(e.markdown), `example ${e.number}`);
  }
});
