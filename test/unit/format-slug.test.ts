// slugify (core/format/text.ts): GitHub's heading anchor. ASCII headings take a plain character
// class instead of the Unicode property classes (which cost start-up time to compile); both
// paths must give what the Unicode rule gives for every heading.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { slugify } from '../../src/core/format/text';

/** The rule itself, on every input: lower case, drop all but letters, digits, spaces, `_` and `-`, spaces to hyphens. */
const reference = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');

test('ASCII and non-ASCII headings give GitHub anchors', () => {
  assert.equal(slugify('Install & Configure: v2.0 (beta)'), 'install--configure-v20-beta');
  assert.equal(slugify('  Tabs\tand_under-scores  '), 'tabs-and_under-scores');
  assert.equal(slugify('Ünïcödé Straße — 東京 №5'), 'ünïcödé-straße--東京-5');
  assert.equal(slugify('Check ✔ done'), 'check--done');
});

test('every heading, ASCII or not, gets what the Unicode rule gives', () => {
  const ascii = fc.string({ unit: fc.constantFrom(...'aZ09 _-.:!?()[]`*&#\t/\\'.split('')) });
  fc.assert(fc.property(fc.oneof(ascii, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => slugify(text) === reference(text)), { numRuns: 2000 });
});
