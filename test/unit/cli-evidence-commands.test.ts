// `runbook export | verify | sign` through the CLI entry point, with a real ssh-keygen.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { recordSession, tempDir } from '../fixtures/session/record';

function fakeIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t) => void out.push(t) }, stderr: { write: (t) => void err.push(t) }, stdinIsTTY: false, cwd, env: {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function cli(cwd: string, ...args: string[]) {
  const f = fakeIo(cwd);
  const code = await main(args, f.io);
  return { code, stdout: f.out(), stderr: f.err() };
}

function keypair(dir: string, name: string, principal: string): { key: string; signers: string } {
  const key = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', principal, '-f', key]);
  const signers = join(dir, `${name}.allowed`);
  execFileSync('sh', ['-c', `printf '%s namespaces="runbook" %s\\n' '${principal}' "$(cut -d' ' -f1,2 '${key}.pub')" > '${signers}'`]);
  return { key, signers };
}

test('export writes each format; verify says intact in one line (exit 0) or names the alteration (exit 1)', async () => {
  const root = await tempDir('rb-cli-');
  const { dir } = await recordSession({ sessionsDir: root });
  for (const [format, ext] of [['html', 'html'], ['md', 'md'], ['json', 'json'], ['junit', 'xml']]) {
    const r = await cli(root, 'export', dir, '--format', format!, '-o', `e.${ext}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`wrote .*e\\.${ext}`));
  }
  const stdout = await cli(root, 'export', dir, '--format', 'md');
  assert.match(stdout.stdout, /> \*\*Outcome:\*\*/);
  for (const target of [dir, 'e.html', 'e.json']) {
    const r = await cli(root, 'verify', target);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.match(r.stdout, /^intact: /);
  }
  const html = join(root, 'e.html');
  await writeFile(html, (await readFile(html, 'utf8')).replace('Check health', 'Check wealth'));
  const bad = await cli(root, 'verify', 'e.html');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^runbook verify: ALTERED or incomplete: .*e\.html:\d+: the document was altered/);
});

test('usage errors exit 2 with one line and no stack trace', async () => {
  const root = await tempDir('rb-cli-');
  for (const args of [['export'], ['export', 'x', '--format', 'pdf'], ['verify'], ['sign', 'x'], ['export', 'x', '--bogus']]) {
    const r = await cli(root, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const missing = await cli(root, 'verify', 'nope');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope: no such file or directory/);
  const notSession = await cli(root, 'export', root);
  assert.match(notSession.stderr, /not a session directory/);
  for (const c of ['export', 'verify', 'sign']) assert.equal((await cli(root, c, '--help')).code, 0);
});

test('sign with an SSH key; verify --allowed-signers accepts it, on the session and on exports made after', async () => {
  const root = await tempDir('rb-sign-');
  const { dir } = await recordSession({ sessionsDir: root });
  const alice = keypair(root, 'alice', 'alice@example.org');
  const mallory = keypair(root, 'mallory', 'mallory@example.org');

  const unsigned = await cli(root, 'verify', dir, '--allowed-signers', alice.signers);
  assert.equal(unsigned.code, 1);
  assert.match(unsigned.stderr, /not signed/);

  const signed = await cli(root, 'sign', dir, '--key', alice.key);
  assert.equal(signed.code, 0, signed.stderr);
  assert.match(signed.stdout, /events\.jsonl\.sig/);
  const ok = await cli(root, 'verify', dir, '--allowed-signers', alice.signers);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Good "runbook" signature for alice@example\.org/);
  assert.match((await cli(root, 'verify', dir)).stdout, /signature present, not checked \(pass --allowed-signers FILE/);

  const other = await cli(root, 'verify', dir, '--allowed-signers', mallory.signers);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /signature: the signature was not made by any key/);

  assert.equal((await cli(root, 'export', dir, '-o', 's.html')).code, 0);
  assert.equal((await cli(root, 'export', dir, '-f', 'json', '-o', 's.json')).code, 0);
  for (const f of ['s.html', 's.json']) {
    const r = await cli(root, 'verify', f, '--allowed-signers', alice.signers);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Good "runbook" signature for alice@example\.org/);
  }

  // Re-signing someone else's altered log is refused; an altered log no longer matches the signature.
  const log = join(dir, 'events.jsonl');
  const text = await readFile(log, 'utf8');
  await writeFile(log, text.replace('"exitCode":0', '"exitCode":1'));
  const refuse = await cli(root, 'sign', dir, '--key', mallory.key);
  assert.equal(refuse.code, 1);
  assert.match(refuse.stderr, /refusing to sign: .*events\.jsonl:\d+/);
});
