import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from '../../src/cli/runArgs';
import { UsageError } from '../../src/cli/io';

test('parses every option, repeatable --var and --opt=value forms', () => {
  const a = parseRunArgs(['book.md', '--var', 'A=1', '--var=B=x=y', '--yes', '--from', 's2', '--checks=pass', '--sessions', 'S', '--json', '--dry-run']);
  assert.deepEqual(a, { file: 'book.md', vars: { A: '1', B: 'x=y' }, yes: true, dryRun: true, json: true, help: false, from: 's2', sessions: 'S', checks: 'pass', detach: false, noHost: false, waitLimitMs: 86_400_000 });
  assert.equal(parseRunArgs(['f.md']).checks, 'skip');
  assert.equal(parseRunArgs(['f.md', '--resume', 'id1']).resume, 'id1');
});

test('bad usage is a UsageError with a one-line message', () => {
  const cases: [string[], RegExp][] = [
    [[], /expects a FILE/],
    [['a.md', 'b.md'], /expects one FILE, got 2/],
    [['a.md', '--var', 'NOEQUALS'], /--var expects NAME=VALUE/],
    [['a.md', '--var'], /--var needs a value/],
    [['a.md', '--checks', 'maybe'], /--checks expects pass or skip/],
    [['a.md', '--from', 'x', '--only', 'y'], /cannot be used together/],
    [['a.md', '--frm', 'x'], /unknown option '--frm'/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseRunArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  }
});

test('--help needs no FILE', () => {
  assert.equal(parseRunArgs(['--help']).help, true);
});
