import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, SecretMasker, maskSecrets } from '../../src/core/executor';

function streamMask(secrets: string[], pieces: Buffer[]): Buffer {
  const m = new SecretMasker(secrets);
  return Buffer.concat([...pieces.map((p) => m.push(p)), m.end()]);
}

test('masks every occurrence in one chunk', () => {
  assert.equal(maskSecrets('a hunter2 b hunter2', ['hunter2']), `a ${MASK} b ${MASK}`);
});

test('masks a secret split across chunks, byte by byte', () => {
  const text = Buffer.from('token=s3cr3t-value;');
  const pieces = [...text].map((b) => Buffer.from([b]));
  assert.equal(streamMask(['s3cr3t-value'], pieces).toString(), `token=${MASK};`);
});

test('a held-back prefix that turns out not to be a secret is released unchanged', () => {
  const m = new SecretMasker(['secret']);
  assert.equal(m.push(Buffer.from('my sec')).toString(), 'my ');
  assert.equal(m.push(Buffer.from('ond')).toString(), 'second');
  assert.equal(m.push(Buffer.from('x secre')).toString(), 'x ');
  assert.equal(m.end().toString(), 'secre');
});

test('overlapping secrets: the earliest wins, the longest at the same position', () => {
  assert.equal(maskSecrets('abcdef', ['abc', 'abcdef']), MASK);
  assert.equal(maskSecrets('xxabcdef', ['cdef', 'abc']), `xx${MASK}${'def'}`);
});

test('binary and invalid UTF-8 pass through byte for byte; empty secrets are ignored', () => {
  const bytes = Buffer.from([0, 255, 254, 0xc3, 0x28, 10, 0x80]);
  assert.deepEqual(streamMask([''], [bytes]), bytes);
  const withSecret = Buffer.concat([bytes, Buffer.from('pw'), bytes]);
  assert.deepEqual(streamMask(['pw'], [withSecret.subarray(0, 8), withSecret.subarray(8)]), Buffer.concat([bytes, Buffer.from(MASK), bytes]));
});

test('property: any split of any text masks exactly like the whole text', () => {
  const alphabet = fc.constantFrom('a', 'b', 'c', 'é', '\n', '\u0000');
  const str = (max: number) => fc.array(alphabet, { minLength: 1, maxLength: max }).map((a) => a.join(''));
  fc.assert(
    fc.property(str(40), fc.array(str(4), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(60), { maxLength: 6 }), (text, secrets, cuts) => {
      const data = Buffer.from(text);
      const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
      const pieces: Buffer[] = [];
      let prev = 0;
      for (const p of points) {
        pieces.push(data.subarray(prev, p));
        prev = p;
      }
      pieces.push(data.subarray(prev));
      const whole = streamMask(secrets, [data]);
      assert.deepEqual(streamMask(secrets, pieces), whole);
      for (const s of secrets) assert.ok(!whole.includes(Buffer.from(s)) || MASK.includes(s), `secret ${JSON.stringify(s)} left in output`);
    }),
    { numRuns: 500 },
  );
});
