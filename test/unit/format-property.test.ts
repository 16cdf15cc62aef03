// Property: parse never throws on arbitrary text, and every line it reports lies in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRunbook } from '../../src/core/format';

// Markdown-ish fragments make the generator hit fences, attributes, tasks and front matter often.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom('```', '~~~', '````', '```bash', '```bash {', '```sh {#a', '```py {"name":', '{#x .y k="v"}', '}', '"', "'", '---', '...',
    '- [ ] ', '- [x] ', '> ', '  ', '\t', '# ', '## ', '\n', '\r\n', '\r', '\uFEFF', '$VAR', '${X:-y}', '%P%', '$env:Q', 'timeout=5', 'expect="("',
    'variables:', '  A: {secret: true, default: 1}', 'title: [', 'when=mac', 'norun', '```pwsh {when=windows expect-exit=0,3010}'),
);
const document = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

test('parseRunbook never throws and reports only lines inside the file', () => {
  fc.assert(
    fc.property(document, (text) => {
      const r = parseRunbook(text);
      const lineCount = Math.max(1, text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').length);
      assert.equal(r.lineCount, lineCount);
      for (const d of r.diagnostics) {
        assert.ok(d.line >= 1 && d.line <= lineCount, `diagnostic line ${d.line} of ${lineCount}`);
        assert.ok(d.endLine >= d.line && d.endLine <= lineCount);
        assert.ok(d.column >= 1);
      }
      for (const s of r.steps) {
        assert.ok(s.line >= 1 && s.line <= lineCount, `step line ${s.line} of ${lineCount}`);
        if (s.kind === 'code') assert.ok(s.endLine >= s.line && s.endLine <= lineCount);
      }
      for (const v of r.variables) assert.ok(v.line >= 1 && v.line <= lineCount);
      assert.equal(new Set(r.steps.map((s) => s.id)).size === r.steps.length || r.diagnostics.some((d) => d.code === 'duplicate-id'), true);
    }),
    { numRuns: 1500 },
  );
});
