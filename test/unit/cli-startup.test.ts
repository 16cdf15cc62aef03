// What `runbook lint` and `runbook --help` load: a clean lint loads none of Node's terminal,
// stream or socket modules (node:tty, node:net: ~2 % of a start), which only commands that read a
// terminal or talk to a run host need; `run` still sees whether stdin is a terminal.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cliBundle } from './reliability-cli';

const dir = mkdtempSync(join(tmpdir(), 'rb-cli-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// Preloaded: prints the built-in modules this process loaded, as it exits, on fd 3.
const probe = join(dir, 'probe.js');
writeFileSync(probe, "process.on('exit', () => require('fs').writeSync(3, JSON.stringify(process.moduleLoadList)));\n");

function run(args: readonly string[], stdin: 'pipe' | 'ignore' = 'ignore'): { status: number | null; stdout: string; modules: string[] } {
  const child = spawnSync(process.execPath, ['-r', probe, cliBundle(), ...args], { cwd: dir, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe', 'pipe'] });
  return { status: child.status, stdout: child.stdout, modules: JSON.parse(String(child.output[3])) as string[] };
}

test('a clean lint prints nothing and loads neither node:tty nor node:net', () => {
  writeFileSync(join(dir, 'clean.md'), '# Clean\n\nSay hello.\n\n```bash {#hello}\necho hello\n```\n');
  const lint = run(['lint', 'clean.md']);
  assert.equal(lint.status, 0);
  assert.equal(lint.stdout, '');
  assert.ok(!lint.modules.includes('NativeModule tty'), 'node:tty loaded');
  assert.ok(!lint.modules.includes('NativeModule net'), 'node:net loaded');
});

test('a command that asks whether stdin is a terminal still gets the answer (a pipe is not one)', () => {
  writeFileSync(join(dir, 'ask.md'), '---\nvariables:\n  NAME:\n    description: who\n---\n# Ask\n\n```bash {#greet}\necho "$NAME"\n```\n');
  // No terminal: the run refuses before anything runs and names the variable (exit 2).
  const asked = spawnSync(process.execPath, [cliBundle(), 'run', 'ask.md', '--yes', '--no-host', '--sessions', join(dir, 's')], { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  assert.equal(asked.status, 2, asked.stderr);
  assert.match(asked.stderr, /NAME/);
});
