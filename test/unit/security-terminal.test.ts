// Terminal escapes from files and step output (issue 17, major 9). A file's content must not
// drive the reader's terminal: CLI messages that quote a runbook, a session or an export show
// control characters as `\x1b`; step output printed live by `runbook run` and written by
// `export --format md` keeps SGR colours only (no OSC 52 clipboard write, OSC 8 link, title,
// clear screen, cursor movement, DCS/APC strings, C1 controls).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeControls, sanitiseTerminal, TerminalSanitiser } from '../../src/core/text/terminal';
import { onlySession, runCliProcess } from './reliability-cli';

/** Escape sequences that do something other than colour text, each with a recognisable payload. */
const HOSTILE: Readonly<Record<string, string>> = {
  'OSC 52 clipboard (BEL)': '\x1b]52;c;ZXZpbC1jbGlw\x07',
  'OSC 52 clipboard (ST)': '\x1b]52;c;ZXZpbC1jbGlw\x1b\\',
  'OSC 8 hyperlink': '\x1b]8;;https://evil.example/\x1b\\',
  'OSC 0 title': '\x1b]0;evil-title\x07',
  'clear screen': '\x1b[2J',
  'cursor home': '\x1b[H',
  'cursor up': '\x1b[5A',
  'erase line': '\x1b[2K',
  'DCS string': '\x1bPevil-dcs\x1b\\',
  'APC string': '\x1b_evil-apc\x1b\\',
  'C1 CSI clear': '\u009b2J',
  'C1 OSC title': '\u009d0;evil-title\u0007',
  'full reset': '\x1bc',
  'backspace overwrite': '\b\b\b',
};
const SGR = ['\x1b[31m', '\x1b[1;32m', '\x1b[38;5;200m', '\x1b[38;2;1;2;3m', '\x1b[0m', '\x1b[m'];

test('sanitiseTerminal removes every non-SGR sequence whole and keeps SGR, however the text is split', () => {
  for (const [name, seq] of Object.entries(HOSTILE)) {
    const input = `before ${SGR[0]}red${SGR[4]} ${seq}after\n`;
    const expected = `before ${SGR[0]}red${SGR[4]} after\n`;
    assert.equal(sanitiseTerminal(input), expected, name);
    // Every split point: a streaming consumer sees the same.
    for (let cut = 0; cut <= input.length; cut++) {
      const s = new TerminalSanitiser();
      assert.equal(s.push(input.slice(0, cut)) + s.push(input.slice(cut)) + s.end(), expected, `${name}, split at ${cut}`);
    }
  }
  for (const sgr of SGR) assert.equal(sanitiseTerminal(`a${sgr}b`), `a${sgr}b`);
  assert.equal(sanitiseTerminal('tab\tcr\r\nnl\n'), 'tab\tcr\r\nnl\n');
});

test('escapeControls shows control characters as text', () => {
  assert.equal(escapeControls('a\x1b[2J\nintact\u009b\x07\tz'), 'a\\x1b[2J\\nintact\\x9b\\x07\tz');
});

const hasHostile = (text: string) => Object.entries(HOSTILE).filter(([, seq]) => text.includes(seq) || text.includes(seq.replace(/\x1b\\$|\x07$/, ''))).map(([n]) => n); // eslint-disable-line no-control-regex

test('runbook run and export --format md pass colours but no other escape sequence from step output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-term-'));
  const printed = Object.values(HOSTILE).join('x');
  // The step prints every sequence, one byte at a time with pauses for some, so they arrive split.
  writeFileSync(join(dir, 'payload'), `${SGR[0]}coloured${SGR[4]} ${printed} end\n`);
  writeFileSync(join(dir, 'book.md'), '# Escapes\n\n```bash {#noisy}\ncat payload\nhead -c 20 payload; sleep 0.1; tail -c +21 payload\n```\n');
  const sessions = join(dir, 'sessions');
  const run = await runCliProcess(['run', 'book.md', '--sessions', sessions], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /\x1b\[31mcoloured\x1b\[0m/, 'colours pass'); // eslint-disable-line no-control-regex
  assert.deepEqual(hasHostile(run.stdout + run.stderr), []);
  // The session's output file keeps the bytes as printed (it is the record, hashed and verified).
  const session = onlySession(sessions);
  const md = await runCliProcess(['export', session, '--format', 'md'], dir);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /coloured/);
  assert.deepEqual(hasHostile(md.stdout), []);
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/.test(md.stdout.replace(/\x1b\[[0-9;]*m/g, '')), 'no control character besides SGR in the Markdown'); // eslint-disable-line no-control-regex
});

test('messages quoting a runbook, a step title or a file name show escapes as text (lint, run, verify)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-term-'));
  const evil = '\x1b[2J\x1b[H\x1b]52;c;ZXZpbA==\x07';
  writeFileSync(join(dir, 'bad.md'), `# Bad\n\n\`\`\`bash {when="${evil}" #a}\necho hi\n\`\`\`\n`);
  const lint = await runCliProcess(['lint', 'bad.md'], dir);
  assert.equal(lint.code, 1);
  assert.ok(!lint.stdout.includes('\x1b') && !lint.stdout.includes('\x07'), JSON.stringify(lint.stdout));
  assert.match(lint.stdout, /\\x1b\[2J\\x1b\[H\\x1b\]52;c;ZXZpbA==\\x07/);
  const refused = await runCliProcess(['run', 'bad.md', '--sessions', join(dir, 's0')], dir);
  assert.equal(refused.code, 2);
  assert.ok(!refused.stderr.includes('\x1b'), JSON.stringify(refused.stderr));

  writeFileSync(join(dir, 'book.md'), `# Good\n\n\`\`\`bash {#a title="${evil}title"}\nexit 3\n\`\`\`\n`);
  const sessions = join(dir, 'sessions');
  const run = await runCliProcess(['run', 'book.md', '--sessions', sessions], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(!run.stdout.includes('\x1b') && !run.stderr.includes('\x1b'), JSON.stringify(run.stdout));
  assert.match(run.stdout, /\\x1b\[2J.*title/);

  // verify names the file it checks: a tampered export whose name holds escapes.
  const exported = join(dir, 'e.json');
  assert.equal((await runCliProcess(['export', onlySession(sessions), '--format', 'json', '-o', exported], dir)).code, 0);
  const hostileName = join(dir, `${evil}intact.json`);
  copyFileSync(exported, hostileName);
  writeFileSync(hostileName, readFileSync(hostileName, 'utf8').replace('exit 3', 'exit 4'));
  const verify = await runCliProcess(['verify', hostileName], dir);
  assert.equal(verify.code, 1, verify.stdout + verify.stderr);
  assert.ok(!verify.stderr.includes('\x1b') && !verify.stdout.includes('\x1b'), JSON.stringify(verify.stderr));
  assert.match(verify.stderr, /ALTERED.*\\x1b\[2J/);
});
