// The parser of bash's `export -p` against real bash: any exported value comes back unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parseExportP } from '../../src/core/executor/bashExport';

function dump(env: Record<string, string>, script = 'export -p'): Record<string, string> {
  const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH!, ...env } });
  assert.equal(r.status, 0, r.stderr.toString());
  return parseExportP(r.stdout);
}

test('plain, quoted, control, multi-line and non-ASCII values round-trip', () => {
  const env = {
    PLAIN: 'value',
    EMPTY: '',
    QUOTES: `it's "quoted" \\ $HOME \`id\``,
    CONTROL: 'a\tb\x01c\x7fd\x1b[31m',
    LINES: 'one\ntwo\r\nthree\n',
    UNICODE: 'é ü 日本 🎉',
    EQUALS: 'a=b=c',
  };
  const got = dump(env);
  for (const [k, v] of Object.entries(env)) assert.equal(got[k], v, k);
});

test('exported-without-value and POSIX-mode output are handled; arrays are ignored', () => {
  const got = dump({}, 'export NOVALUE; declare -a ARR=(1 2); export ARR; export SET=1; set -o posix; export -p');
  assert.equal(got.SET, '1');
  assert.ok(!('NOVALUE' in got));
  assert.ok(!('ARR' in got));
});

test('property: random values survive export -p', () => {
  const ch = fc.constantFrom('a', 'Z', ' ', '"', "'", '\\', '$', '`', '\n', '\t', '\x01', '\x1f', '\x7f', 'é', '€', '😀', '=', '!', '(', ')');
  const value = fc.array(ch, { maxLength: 12 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (values) => {
      const env = Object.fromEntries(values.map((v, i) => [`RB_V${i}`, v]));
      const got = dump(env);
      for (const [k, v] of Object.entries(env)) assert.equal(got[k], v, `${k}=${JSON.stringify(v)}`);
    }),
    { numRuns: 60 },
  );
});
