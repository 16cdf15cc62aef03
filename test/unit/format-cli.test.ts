// `runbook parse` and `runbook lint`: output shape, formats and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main';
import { FIXTURES, fakeIo } from './format-fixtures';

test('parse prints the documented JSON shape and exits 0 for a clean runbook', async () => {
  const io = fakeIo();
  assert.equal(await main(['parse', 'frontmatter.md'], io), 0);
  const json = JSON.parse(io.out());
  assert.deepEqual(Object.keys(json), ['title', 'description', 'variables', 'steps', 'diagnostics']);
  assert.deepEqual(json.variables[0], { name: 'SERVER', description: 'Target host', default: 'web01', secret: false, required: false, pattern: 'web[0-9]+', choices: null });
  assert.deepEqual(json.steps[0], {
    id: 'heading-title-is-not-used-1', kind: 'code', lang: 'shell', line: 24, title: 'Heading title is not used',
    section: ['Heading title is not used'], attributes: {}, code: 'echo "$SERVER $ENVIRONMENT $TOKEN $SHORT $DECLARED"\n', checked: null,
  });
  assert.equal(io.err(), '');
});

test('parse reports checks with checked and exits 1 when the runbook has errors', async () => {
  const tasks = fakeIo();
  assert.equal(await main(['parse', 'tasks.md'], tasks), 0);
  const check = JSON.parse(tasks.out()).steps[1];
  assert.deepEqual([check.kind, check.checked, check.lang, check.code], ['check', true, null, null]);
  const bad = fakeIo();
  assert.equal(await main(['parse', 'bad-attributes.md'], bad), 1);
  assert.deepEqual(Object.keys(JSON.parse(bad.out()).diagnostics[0]), ['severity', 'line', 'column', 'code', 'message']);
});

test('lint prints file:line:col: severity message [code] and exits 1 on errors', async () => {
  const io = fakeIo();
  assert.equal(await main(['lint', 'unterminated.md', 'fences.md'], io), 1);
  const lines = io.out().trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^unterminated\.md:7:1: warning this code block is never closed.* \[unterminated-fence\]$/);
  assert.match(lines[1]!, /^unterminated\.md:10:1: error .* \[step-after-unterminated-fence\]$/);
});

test('lint exits 0 with only warnings and information', async () => {
  const io = fakeIo();
  assert.equal(await main(['lint', 'variables.md'], io), 0);
  assert.equal(io.out().trimEnd().split('\n').length, 6);
});

test('lint names each placeholder with file:line:col and the variable to declare; a warning, so exit 0; dry-run says the step will not run', async () => {
  const io = fakeIo();
  assert.equal(await main(['lint', 'placeholders.md'], io), 0);
  const lines = io.out().trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => /^(\S+:\d+:\d+): (\w+) (\S+) .*\[(\S+)\]$/.exec(l)!.slice(1)), [
    ['placeholders.md:9:13', 'warning', "'<value", 'placeholder'],
    ['placeholders.md:10:68', 'warning', '<node>', 'placeholder'],
    ['placeholders.md:20:15', 'warning', '<my-namespace>', 'placeholder'],
    ['placeholders.md:20:38', 'warning', '<my-pvc>', 'placeholder'],
  ]);
  assert.match(lines[1]!, /bash would read <node as a redirection from a file named 'node', so the step will not run as written\. Declare NODE under 'variables:' in the front matter and write "\$NODE" here/);
  const dry = fakeIo();
  assert.equal(await main(['run', 'placeholders.md', '--dry-run'], dry), 0);
  assert.match(dry.out(), /will not run: line 9 has a placeholder, '<value of instance label from alert>', to replace before running \(the step would set NODE_NAME to this text itself\): declare a variable and write "\$INSTANCE" there \(and 1 more placeholder\)/);
  assert.match(dry.out(), /will not run: line 20 has a placeholder, <my-namespace>/);
});

test('lint --json groups diagnostics per file', async () => {
  const io = fakeIo();
  assert.equal(await main(['lint', '--json', 'fences.md', 'swallowed.md'], io), 1);
  const json = JSON.parse(io.out());
  assert.deepEqual(json.map((f: { file: string; diagnostics: unknown[] }) => [f.file, f.diagnostics.length]), [['fences.md', 0], ['swallowed.md', 1]]);
});

test('missing files and directories: one line on stderr, exit 2, other files still linted', async () => {
  const io = fakeIo();
  assert.equal(await main(['lint', 'nope.md', '.', 'fences.md'], io), 2);
  assert.deepEqual(io.err().trimEnd().split('\n'), [
    'runbook lint: nope.md: no such file; check the path',
    'runbook lint: .: is a directory; give a Markdown file such as ./README.md',
  ]);
  const parse = fakeIo();
  assert.equal(await main(['parse', 'nope.md'], parse), 2);
  assert.equal(parse.err(), 'runbook parse: nope.md: no such file; check the path\n');
});

test('usage errors, --help and --version', async () => {
  for (const argv of [['lint'], ['parse'], ['parse', 'a.md', 'b.md'], ['lint', '--bogus', 'a.md']]) {
    const io = fakeIo();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.match(io.err(), /^runbook (lint|parse): .*--help/);
  }
  for (const cmd of ['parse', 'lint']) {
    const help = fakeIo();
    assert.equal(await main([cmd, '--help'], help), 0);
    assert.match(help.out(), new RegExp(`^Usage: runbook ${cmd} FILE`));
    const version = fakeIo();
    assert.equal(await main([cmd, '--version'], version), 0);
    assert.match(version.out(), /^runbook \d+\.\d+\.\d+\n$/);
  }
});

test('the real CLI process: exit codes and a CRLF file', async () => {
  const run = promisify(execFile);
  const cli = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
  const dir = mkdtempSync(join(tmpdir(), 'runbook-cli-'));
  writeFileSync(join(dir, 'crlf.md'), '# T\r\n\r\n```bash {#a timeout=nope}\r\necho hi\r\n```\r\n');
  const root = join(__dirname, '..', '..');
  const file = join(dir, 'crlf.md');
  const failed = await run(process.execPath, ['--import', 'tsx', cli, 'lint', file], { cwd: root }).then(() => 0, (e: { code: number; stdout: string }) => e);
  assert.notEqual(failed, 0);
  const { code, stdout } = failed as { code: number; stdout: string };
  assert.equal(code, 1);
  assert.equal(stdout, `${file}:3:13: error timeout 'nope' is not a duration: write a number with a unit, e.g. timeout=30s, 5m or 1h [bad-timeout]\n`);
  const ok = await run(process.execPath, ['--import', 'tsx', cli, 'parse', join(FIXTURES, 'fences.md')], { cwd: root });
  assert.equal(JSON.parse(ok.stdout).steps.length, 15);
});
