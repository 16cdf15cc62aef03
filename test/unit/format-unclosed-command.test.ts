// The `unclosed-command` rule: a bash or sh script step whose last command never ends does not
// run. Bash would do something else than the block shows: after a here-document with no closing
// line it feeds the lines after it to that command as input (and succeeds); after an unclosed
// quote, `$(`, `if` or `{` it reads them into that command and stops with a syntax error, after
// running what came before. Well-formed scripts, other languages and transcripts are not flagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type CodeStep } from '../../src/core/format';
import { RunbookLanguageService } from '../../src/core/language';
import { makeExecutor } from './executor-helpers';
import { applyEdits } from './server-harness';

const book = (lang: string, ...code: string[]) => `# Book\n\n\`\`\`${lang}\n${code.join('\n')}\n\`\`\`\n`;
const unclosed = (text: string) => parseRunbook(text).diagnostics.filter((d) => d.code === 'unclosed-command');

test('a here-document never closed: a warning at its line, naming it and its delimiter; the step will not run', () => {
  const rb = parseRunbook(book('bash', 'cat <<EOF > /etc/app.conf', 'key=value', 'systemctl restart app'));
  const [d] = unclosed(book('bash', 'cat <<EOF > /etc/app.conf', 'key=value', 'systemctl restart app'));
  assert.deepEqual([d!.severity, d!.line, d!.column, d!.endColumn], ['warning', 4, 1, 'cat <<EOF > /etc/app.conf'.length + 1]);
  assert.match(d!.message, /^the here-document <<EOF opened on line 4 is never closed by a 'EOF' line, so bash would feed every line after it to that command as input instead of running them, and Runbook will not run this step: add the 'EOF' line/);
  assert.deepEqual(d!.data, { fenceLine: '3', delimiter: 'EOF', closeLine: '7' });
  assert.equal((rb.steps[0] as CodeStep).notRunnable, d!.message);
});

test('a command still open where the block ends: a warning at the line it starts on, naming what is open', () => {
  const cases: [string[], number, string][] = [
    [['echo "restarting', 'systemctl restart app'], 4, 'an unclosed " quote'],
    [['ls', "echo 'it", 'rm -rf /tmp/x'], 5, "an unclosed ' quote"],
    [['if systemctl is-active app; then', '  systemctl restart app'], 4, "an 'if' without its 'fi'"],
    [['x=$(hostname', 'echo $x'], 4, 'an unclosed ( or $('],
    [['for h in a b; do', '  ping -c1 $h'], 4, "a loop without its 'done'"],
    [['journalctl -u app |'], 4, 'a trailing operator (|, ||, |& or &&)'],
  ];
  for (const [code, line, what] of cases) {
    const found = unclosed(book('bash', ...code));
    assert.equal(found.length, 1, code.join('\n'));
    assert.equal(found[0]!.line, line, code.join('\n'));
    assert.ok(found[0]!.message.includes(`the command on line ${line} is still open where the block ends (${what}), so bash would read the lines after it`), found[0]!.message);
  }
});

test('not flagged: closed here-documents (<<-, quoted delimiters, two on a line), quotes in comments, a final backslash, sh', () => {
  const fine: string[][] = [
    ['cat <<EOF', 'a', 'EOF', 'echo done'],
    ['cat <<-END', '\tbody', '\tEND'],
    ["cat <<'EOF' >f", '$not_expanded', 'EOF'],
    ['cat <<A; cat <<B', 'a', 'A', 'b', 'B'],
    ["# don't worry, it's fine", 'echo ok'],
    ['echo "a', 'b"'],
    ['echo one \\'],
    ['case $1 in', '  start) echo "it\'s on";;', 'esac'],
  ];
  for (const code of fine) assert.deepEqual(unclosed(book('bash', ...code)), [], code.join('\n'));
  assert.equal(unclosed(book('sh', 'echo "open')).length, 1, 'sh is read as bash reads it');
});

test('only bash and sh scripts: other languages, zsh and transcripts are not read by this rule', () => {
  assert.deepEqual(unclosed(book('python', 'print("open')), []);
  assert.deepEqual(unclosed(book('zsh', 'echo "open')), []);
  // A transcript's open command is the mixed-transcript rule's (one warning, not two).
  const transcript = parseRunbook(book('console', '$ cat <<EOF > f', '> a', '$ echo hi', 'hi'));
  assert.deepEqual(transcript.diagnostics.map((d) => d.code), ['mixed-transcript']);
});

test('a step with an unclosed command never runs: not its first lines either, and the run stops there', async () => {
  const rb = parseRunbook('# Book\n\n```bash\ntouch before-ran\ncat <<EOF > app.conf\nkey=value\n```\n\n```bash\ntouch next-ran\n```\n');
  const { executor, recorder, dir } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'failed');
  assert.match(recorder.outcomes.get('book-1')!.reason ?? '', /^not run: the here-document <<EOF opened on line 5 is never closed/);
  assert.ok(!existsSync(join(dir, 'before-ran')) && !existsSync(join(dir, 'app.conf')) && !existsSync(join(dir, 'next-ran')));
});

test('the shipped sample runbooks have no unclosed command', () => {
  const dir = join(__dirname, '..', '..', 'runbooks');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    assert.deepEqual(unclosed(readFileSync(join(dir, file), 'utf8')).map((d) => d.line), [], file);
  }
});

test('quick fix: a here-document never closed gets its delimiter line before the closing fence, indented as the fence; then the step runs', () => {
  const service = new RunbookLanguageService();
  const text = ['# Book', '', '1. Write the config:', '', '   ```bash', '   cat <<-EOF > app.conf', '   key=value', '   ```', ''].join('\n');
  const doc = { uri: 'file:///w/book.md', version: 1, getText: () => text };
  const [warning] = service.diagnostics(doc).filter((d) => d.code === 'unclosed-command');
  const fixes = service.codeActions(doc, warning!.range).filter((a) => a.diagnostics?.[0]?.code === 'unclosed-command');
  assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [["Close the here-document with a 'EOF' line", true]]);
  const fixed = applyEdits(text, fixes[0]!.edit!.changes![doc.uri]!);
  assert.equal(fixed, ['# Book', '', '1. Write the config:', '', '   ```bash', '   cat <<-EOF > app.conf', '   key=value', '   EOF', '   ```', ''].join('\n'));
  const rb = parseRunbook(fixed);
  assert.deepEqual(rb.diagnostics.filter((d) => d.code === 'unclosed-command'), []);
  assert.equal((rb.steps[0] as CodeStep).notRunnable, undefined);
  assert.equal((rb.steps[0] as CodeStep).code, 'cat <<-EOF > app.conf\nkey=value\nEOF\n');
  // An open quote has no fix to offer: where it should close is the author's to say.
  const quoted = { uri: 'file:///w/q.md', version: 1, getText: () => '# Q\n\n```bash\necho "open\n```\n' };
  const [open] = service.diagnostics(quoted).filter((d) => d.code === 'unclosed-command');
  assert.deepEqual(service.codeActions(quoted, open!.range), []);
});
