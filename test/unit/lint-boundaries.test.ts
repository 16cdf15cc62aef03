// The ESLint boundary of the pure core (eslint.config.mjs): each way out of src/core is an error,
// at any depth, and imports inside the core stay allowed. Lints text through ESLint's API with a
// file path inside src/core (the fixture is never written to the tree).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${specifier}';\n`, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const violations: ReadonlyArray<[file: string, specifier: string]> = [
  ['src/core/run/fixture.ts', 'vscode'],
  ['src/core/run/fixture.ts', '../../extension/api'],
  ['src/core/run/fixture.ts', '../../extension/run/runController'],
  ['src/core/fixture.ts', '../extension/api'],
  ['src/core/run/fixture.ts', '../../webview/protocol'],
  ['src/core/run/fixture.ts', '../../server/server'],
  ['src/core/run/fixture.ts', '../../cli/io'],
  ['src/core/run/deep/er/fixture.ts', '../../../../cli/main'],
  ['src/core/run/fixture.ts', '../../extension'],
];

for (const [file, specifier] of violations) {
  test(`${file} importing '${specifier}' is a lint error`, async () => {
    const messages = await restricted(file, specifier);
    assert.equal(messages.length, 1, `expected one no-restricted-imports error, got ${JSON.stringify(messages)}`);
  });
}

test('imports inside the core, and the same paths outside it, pass', async () => {
  assert.deepEqual(await restricted('src/core/run/fixture.ts', '../format/model'), []);
  assert.deepEqual(await restricted('src/core/run/fixture.ts', '../session/chain'), []);
  assert.deepEqual(await restricted('src/core/run/fixture.ts', 'node:crypto'), []);
  assert.deepEqual(await restricted('src/extension/run/fixture.ts', '../panel/runbookPanel'), []);
  assert.deepEqual(await restricted('src/extension/run/fixture.ts', 'vscode'), []);
});
