// Issue 13 item 7 and its relatives: closing fences, swallowed-step checks, the info string and
// the last line of a file, each checked against CommonMark's reference implementation too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/format';
import { RunbookDocument } from '../../src/core/language/document';
import { referenceFences, runbookFences } from './commonmark-oracle';

const codes = (markdown: string) => parseRunbook(markdown).diagnostics.map((d) => `${d.line} ${d.code}`);

const cases: Record<string, { markdown: string; diagnostics: string[] }> = {
  'a closing fence indented 4 spaces does not close': { markdown: '```bash\necho a\n    ```\n', diagnostics: ['1 unterminated-fence'] },
  'a closing fence indented by a tab does not close': { markdown: '```bash\necho a\n\t```\n', diagnostics: ['1 unterminated-fence'] },
  'a closing fence indented 3 spaces closes': { markdown: '```bash\necho a\n   ```\n', diagnostics: [] },
  'in a list item, 4 spaces past the item content do not close; the item still ends the block': {
    markdown: '- item\n  ```bash\n  echo a\n      ```\n', diagnostics: ['2 unterminated-fence'],
  },
  'in a block quote, an indented close does not close': { markdown: '> ```bash\n> echo a\n>     ```\n', diagnostics: ['1 unterminated-fence'] },
  'a closed documentation fence holding an indented ```bash swallows nothing': {
    markdown: '````text\nExample:\n\n    ```bash\n    echo nested\n    ```\n````\n', diagnostics: [],
  },
  'a closed ``` fence holding a ```bash indented 4 spaces swallows nothing': {
    markdown: '```text\n    ```bash\n    echo nested\n    ```\n```\n', diagnostics: [],
  },
  'a tab-indented ```bash in a closed fence swallows nothing': { markdown: '```text\n\t```bash\n```\n', diagnostics: [] },
  'an unclosed fence holding an indented ```bash or task item is only unterminated': {
    markdown: '```text\n    ```bash\n    - [ ] item\n', diagnostics: ['1 unterminated-fence'],
  },
  'an unindented ```bash inside a closed fence is still a swallowed step': {
    markdown: '```text\nforgot to close\n```bash\necho swallowed\n```\n', diagnostics: ['3 step-after-unterminated-fence'],
  },
  'a swallowed opener with an entity in its language is still a step': {
    markdown: '```text\n```b&#97;sh\necho swallowed\n```\n', diagnostics: ['2 step-after-unterminated-fence'],
  },
};

for (const [name, { markdown, diagnostics }] of Object.entries(cases)) {
  test(`${name}`, () => {
    assert.deepEqual(codes(markdown), diagnostics);
    assert.deepEqual(runbookFences(markdown), referenceFences(markdown).filter((f) => f.lang === 'bash'));
  });
}

const infoStrings: Record<string, string> = {
  'b&#97;sh': 'bash', '&#x62;ash': 'bash', 'b&#X61;sh {#x}': 'bash', 'py&#116;hon': 'python', 'sh&amp;': '', 'b\\ash': '',
  'bash&#9;{#x}': 'bash', 'bash\t{#x}': 'bash', '&#98;ash': 'bash',
};

for (const [info, lang] of Object.entries(infoStrings)) {
  test(`info string ${JSON.stringify(info)} is decoded as CommonMark does`, () => {
    const markdown = `\`\`\`${info}\necho x\n\`\`\`\n`;
    const steps = runbookFences(markdown);
    assert.deepEqual(steps.map((s) => s.lang), lang ? [lang] : []);
    const ref = referenceFences(markdown)[0]!;
    if (lang) assert.equal(ref.lang.split(/[\s{]/)[0], lang, 'the reference agrees');
    // The language server reads the same language.
    assert.deepEqual(new RunbookDocument('file:///t.md', 1, markdown).fences.map((f) => f.lang), [lang || ref.lang.split(/[\s{]/)[0]]);
  });
}

const endings: Record<string, string> = {
  'an unclosed fence at the end of a file without a final newline': '# T\n\n```bash\necho last',
  'a closed fence without a final newline': '```bash\necho last\n```',
  'an unclosed fence in a list item at the end of the file': '- item\n  ```bash\n  echo last',
  'an unclosed fence in a block quote at the end of the file': '> ```bash\n> echo last',
  'an empty unclosed fence': '```bash',
  'an unclosed fence ending in a blank line': '```bash\necho last\n\n',
  'CRLF line endings without a final newline': '```bash\r\necho last\r\n```',
};

for (const [name, markdown] of Object.entries(endings)) {
  test(`${name}: the code is CommonMark's (every line ends with a newline)`, () => {
    assert.deepEqual(runbookFences(markdown), referenceFences(markdown));
  });
}

test('the final newline of an unclosed last line is kept', () => {
  assert.equal(runbookFences('```bash\necho last')[0]!.code, 'echo last\n');
});
