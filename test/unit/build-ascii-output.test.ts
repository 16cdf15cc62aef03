// scripts/ascii-output.mjs: a bundle's non-ASCII characters become \u escapes (so V8 keeps the
// source one byte per character) without changing what any string, template or regular
// expression means; a character that cannot be rewritten stops the build with its file and line.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { asciiOnly } from '../../scripts/ascii-output.mjs';

const isAscii = (text: string) => [...text].every((c) => c.charCodeAt(0) < 0x80);

test('strings, templates, regular expressions (with and without the u flag) and comments mean the same after the rewrite', () => {
  const source = [
    '// a comment with an arrow → and an ellipsis …',
    'const s = "caf\u00e9 → ok";',
    'const t = `\u2026 ${s}`;',
    'const r = /([?!])\u2026/g;',
    'const u = /^[\u00e0-\u00fc]+\ud83d\ude80$/u;',
    'const cls = /[\u0444\u0440]/;',
    '({ s, t, r: "wait?!\u2026".replace(r, "$1.."), u: u.test("\u00e9\u00e8\ud83d\ude80"), cls: cls.test("\u0440") })',
  ].join('\n');
  const rewritten = asciiOnly(source, 'demo.js');
  assert.ok(isAscii(rewritten), rewritten);
  const run = (code: string) => JSON.stringify(runInNewContext(code));
  assert.equal(run(rewritten), run(source));
  assert.deepEqual(JSON.parse(run(rewritten)), { s: 'caf\u00e9 \u2192 ok', t: '\u2026 caf\u00e9 \u2192 ok', r: 'wait?!..', u: true, cls: true });
});

test('ASCII text is returned as it is', () => {
  const text = 'const a = /x\\u2026/; // already escaped\n';
  assert.equal(asciiOnly(text), text);
});

test('a non-ASCII character escaped with a backslash is refused with the file and line, not rewritten wrongly', () => {
  assert.throws(() => asciiOnly('const a = 1;\nconst r = /\\\u2026/;\n', 'dist/cli-demo.js'), /^Error: dist\/cli-demo\.js:2: an escaped non-ASCII character/);
  // An even number of backslashes is an escaped backslash: the character itself is free.
  assert.equal(runInNewContext(asciiOnly('"\\\\\u2026"')), '\\\u2026');
});
