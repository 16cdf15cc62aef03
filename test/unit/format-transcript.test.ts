// Shell transcripts (docs/format.md, "Transcripts"): the split into commands and sample output,
// line by line, the cases that cannot be split safely, and properties over generated blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitTranscript, type PromptStyle, type TranscriptSplit } from '../../src/core/format/transcript';
import { parseRunbook, type CodeStep } from '../../src/core/format';

function transcript(code: string, style: PromptStyle = 'posix', firstLine = 1) {
  const split = splitTranscript(code, style, firstLine);
  assert.equal(split.kind, 'transcript', JSON.stringify(split));
  return split as Extract<TranscriptSplit, { kind: 'transcript' }>;
}

const roles = (code: string, style: PromptStyle = 'posix') => transcript(code, style).lines.map((l) => l.role).join(' ');

test('a $ prompt line runs without its prompt; the lines after it are sample output', () => {
  const t = transcript('$ kubectl get nodes\nNAME    STATUS\nnode1   Ready\n', 'posix', 10);
  assert.equal(t.run, 'kubectl get nodes\n');
  assert.equal(t.expectedOutput, 'NAME    STATUS\nnode1   Ready\n');
  assert.deepEqual(t.lines, [
    { line: 10, role: 'command', prompt: '$ ', text: 'kubectl get nodes' },
    { line: 11, role: 'output', prompt: '', text: 'NAME    STATUS' },
    { line: 12, role: 'output', prompt: '', text: 'node1   Ready' },
  ]);
});

test('% prompts (zsh) and several commands with their outputs interleaved', () => {
  const t = transcript('% uname\nLinux\n% whoami\nroot\n');
  assert.equal(t.run, 'uname\nwhoami\n');
  assert.equal(t.expectedOutput, 'Linux\nroot\n');
});

test('$VAR, %1, $(cmd) and # lines are not prompts; # before the first prompt is a comment', () => {
  assert.equal(splitTranscript('$HOME/bin/run\n%1\n', 'posix').kind, 'script');
  assert.equal(splitTranscript('# apt-get update\n# reboot\n', 'posix').kind, 'script', '# is a comment, not a root prompt');
  const t = transcript('# list the nodes\n\n$ kubectl get nodes\n# not a comment: output\n');
  assert.deepEqual(t.lines.map((l) => l.role), ['comment', 'comment', 'command', 'output']);
  assert.equal(t.run, 'kubectl get nodes\n');
  assert.equal(t.expectedOutput, '# not a comment: output\n');
});

test('# lines between commands are notes, not sample output; # lines within output are output', () => {
  const t = transcript('### Retrieve the URL\n$ URL=x\n\n### Get alerts\n# (needs a token)\n$ echo "$URL"\nx\n# trailing output comment\nmore\n');
  assert.deepEqual(t.lines.map((l) => l.role), ['comment', 'command', 'output', 'comment', 'comment', 'command', 'output', 'output', 'output']);
  assert.equal(t.expectedOutput, '\nx\n# trailing output comment\nmore\n');
});

test('a bare $ is an empty command; blank lines after the first prompt are output', () => {
  const t = transcript('$ true\n\n$\n');
  assert.deepEqual(t.lines.map((l) => [l.role, l.prompt, l.text]), [['command', '$ ', 'true'], ['output', '', ''], ['command', '$', '']]);
  assert.equal(t.run, 'true\n\n');
});

test('backslash continuations run, with or without the > secondary prompt', () => {
  assert.equal(roles('$ docker run \\\n  --rm alpine \\\n  echo hi\nhi\n'), 'command continuation continuation output');
  assert.equal(transcript('$ docker run \\\n  --rm alpine \\\n  echo hi\nhi\n').run, 'docker run \\\n  --rm alpine \\\n  echo hi\n');
  const t = transcript('$ echo a \\\n> b\na b\n');
  assert.equal(t.run, 'echo a \\\nb\n');
  assert.equal(t.lines[1]!.prompt, '> ');
  assert.equal(transcript('$ echo a\\\\\nliteral\n').run, 'echo a\\\\\n', 'an escaped backslash is no continuation');
  assert.equal(transcript('$ make \\\n>/dev/null\n').run, 'make \\\n>/dev/null\n', 'a redirect without a space is no secondary prompt');
});

test('> continues a command only while it is visibly open (quote, pipe, do…done, if…fi, parentheses)', () => {
  assert.equal(transcript('$ for i in 1 2; do\n> echo $i\n> done\n1\n2\n').run, 'for i in 1 2; do\necho $i\ndone\n');
  assert.equal(transcript('$ echo "a\n> b"\na\nb\n').run, 'echo "a\nb"\n');
  assert.equal(transcript('$ ls |\n> wc -l\n3\n').run, 'ls |\nwc -l\n');
  assert.equal(transcript('$ if true; then\n> echo y\n> fi\ny\n').run, 'if true; then\necho y\nfi\n');
  assert.equal(transcript('$ case a in\n> a) echo A;;\n> esac\nA\n').run, 'case a in\na) echo A;;\nesac\n');
  // A complete command: a quoted reply in its output is output, never run.
  const t = transcript('$ cat quote.md\n> rm -rf /srv\n');
  assert.equal(t.run, 'cat quote.md\n');
  assert.equal(t.expectedOutput, '> rm -rf /srv\n');
  // A quote in a comment opens nothing: the reply is still output (it ran as code before).
  for (const command of ["cat quote.md # what's in it", 'cat quote.md # the "reply"', "cat quote.md;# it's"]) {
    const c = transcript(`$ ${command}\n> rm -rf /srv\n`);
    assert.equal(c.run, `${command}\n`, command);
    assert.equal(c.expectedOutput, '> rm -rf /srv\n', command);
  }
  // Nor does a << in a comment open a here-document: the next prompt is a command, its output output.
  const heredoc = transcript('$ cat notes.txt # written with cat <<EOF\nsome notes\n$ echo done\ndone\n');
  assert.equal(heredoc.run, 'cat notes.txt # written with cat <<EOF\necho done\n');
  // A # inside a word is no comment: the quote after it is open, so > continues the command.
  assert.equal(transcript("$ echo a#b'c\n> d'\na#bc\nd\n").run, "echo a#b'c\nd'\n");
});

test('here-documents: bodies follow the prompt line without prompts, in every form', () => {
  for (const opener of ['<<EOF', "<<'EOF'", '<<"EOF"', '<< EOF', '<<\\EOF']) {
    const t = transcript(`$ cat > /tmp/f ${opener}\nhello\n$ not a prompt\nEOF\n$ cat /tmp/f\nhello\n`);
    assert.equal(t.run, `cat > /tmp/f ${opener}\nhello\n$ not a prompt\nEOF\ncat /tmp/f\n`, opener);
    assert.equal(t.expectedOutput, 'hello\n', opener);
  }
  const dash = transcript('$ cat <<-END\n\tindented\n\tEND\nindented\n');
  assert.deepEqual(dash.lines.map((l) => l.role), ['command', 'heredoc', 'heredoc', 'output']);
  const two = transcript('$ paste <<A <<B\n1\nA\n2\nB\n1 2\n');
  assert.equal(two.run, 'paste <<A <<B\n1\nA\n2\nB\n');
  assert.equal(two.expectedOutput, '1 2\n');
  // A here-document shown with secondary prompts has them removed from every body line.
  const prefixed = transcript('$ cat <<EOF\n> one\n> EOF\none\n');
  assert.equal(prefixed.run, 'cat <<EOF\none\nEOF\n');
  // A body that merely starts with `> ` (a Markdown quote written to a file) keeps it.
  assert.equal(transcript('$ cat > q.md <<EOF\n> quoted\nEOF\n').run, 'cat > q.md <<EOF\n> quoted\nEOF\n');
  // <<< is a here-string and `"<<EOF"` quoted text: neither opens a body.
  assert.equal(transcript('$ cat <<< hi\nhi\n').expectedOutput, 'hi\n');
  assert.equal(transcript('$ echo "<<EOF"\n<<EOF\n').expectedOutput, '<<EOF\n');
});

test('shell reading shared with the placeholder lint (posixLexer): what opens a command or a here-document', () => {
  // A \ at the end of a comment continues nothing: the next line is output, never run.
  const comment = transcript('$ dir /mnt/c # C:\\\nfile.txt\n');
  assert.equal(comment.run, 'dir /mnt/c # C:\\\n');
  assert.equal(comment.expectedOutput, 'file.txt\n');
  // $'…' escapes its quote (\'): the command is complete, so a quoted reply after it is output.
  const ansi = transcript("$ echo $'it\\'s'\n> rm -rf /srv\n");
  assert.equal(ansi.run, "echo $'it\\'s'\n");
  assert.equal(ansi.expectedOutput, '> rm -rf /srv\n');
  // A << inside a quote that a continuation line closes opens no here-document.
  assert.equal(transcript('$ echo "a\n> <<EOF b"\na\n<<EOF b\n').run, 'echo "a\n<<EOF b"\n');
  // << in arithmetic is a shift: no here-document, so the next prompt is a command.
  const shift = transcript('$ echo $((1 << n))\n8\n$ echo done\ndone\n');
  assert.equal(shift.run, 'echo $((1 << n))\necho done\n');
  // A comment after a here-document operator: the body still follows, and a quote in the comment opens nothing.
  const after = transcript("$ cat <<EOF # it's the config\nkey: 1\nEOF\nkey: 1\n");
  assert.deepEqual(after.lines.map((l) => l.role), ['command', 'heredoc', 'heredoc', 'output']);
  // "$( )" is code: a ( ) in it balances and a quote in it is its own.
  assert.equal(transcript('$ echo "$(printf \'%s\' ")")"\n> not run\n').expectedOutput, '> not run\n');
});

test('sample output after a complete command never runs, however the command nests (case, ${ }, reserved words as arguments)', () => {
  // Each command is complete for bash; a lexer that misreads it as open would run the quoted reply.
  for (const command of [
    `echo "$(case $x in a) echo "it's";; esac)"`, // the pattern's ) does not close $( )
    'grep -w case notes.md', 'echo do', 'ls | grep if', 'echo {', // reserved words only as a command's first word
    'case $1 in start) echo do;; esac',
    `echo "\${x:-"it's"}"`, // quotes nest in ${ }
    '((ls); ls)', 'echo $((ls); ls)', // a subshell, not arithmetic
  ]) {
    const t = transcript(`$ ${command}\n> rm -rf /srv\n`);
    assert.equal(t.run, `${command}\n`, command);
    assert.equal(t.expectedOutput, '> rm -rf /srv\n', command);
  }
  // A case in $( ) across lines: the pattern line does not close the substitution, esac) does.
  const multi = transcript('$ x=$(case $y in\n> a) echo a;;\n> esac)\n> rm -rf /srv\n');
  assert.equal(multi.run, 'x=$(case $y in\na) echo a;;\nesac)\n');
  assert.equal(multi.expectedOutput, '> rm -rf /srv\n');
  // << in ${ } is no here-document; |& at the end continues like |.
  assert.equal(transcript('$ echo ${x:-<<EOF}\n<<EOF\n').expectedOutput, '<<EOF\n');
  assert.equal(transcript('$ make |&\n> tee log\nok\n').run, 'make |&\ntee log\n');
});

test('a here-document opened while a quote is open: its body starts after the line that closes the quote', () => {
  const t = transcript('$ cat <<EOF; echo "a\n> b"\nbody\nEOF\na\nb\nbody\n');
  assert.deepEqual(t.lines.map((l) => l.role), ['command', 'continuation', 'heredoc', 'heredoc', 'output', 'output', 'output']);
  assert.equal(t.run, 'cat <<EOF; echo "a\nb"\nbody\nEOF\n');
});

test('CRLF line endings read like LF: continuations and here-documents', () => {
  const steps = (md: string) => parseRunbook(md).steps.filter((s): s is CodeStep => s.kind === 'code');
  const lf = '# T\n\n```console\n$ echo hi \\\n  there\n$ cat <<EOF\nbody\nEOF\nbody\n```\n';
  const [crlf] = steps(lf.replaceAll('\n', '\r\n'));
  assert.equal(crlf?.run, 'echo hi \\\n  there\ncat <<EOF\nbody\nEOF\n');
  assert.equal(crlf?.run, steps(lf)[0]?.run);
});

test('PowerShell: PS …> prompts, backtick continuations and >> secondary prompts', () => {
  const t = transcript('PS C:\\> Get-Service |\n>> Where-Object Status -eq Running\nStatus   Name\nPS C:\\> Write-Host `\n  hi\nhi\nPS> $PSVersionTable.PSVersion.Major\n7\n', 'powershell');
  assert.equal(t.run, 'Get-Service |\nWhere-Object Status -eq Running\nWrite-Host `\n  hi\n$PSVersionTable.PSVersion.Major\n');
  assert.equal(t.expectedOutput, 'Status   Name\nhi\n7\n');
  assert.equal(transcript('PS /home/me> ls\nfile\n', 'powershell').run, 'ls\n');
  assert.equal(transcript('PS C:\\> $s = @"\nline\n"@\nPS C:\\> $s\nline\n', 'powershell').run, '$s = @"\nline\n"@\n$s\n');
  assert.equal(splitTranscript('$ ls\n', 'powershell').kind, 'script', 'a $ line is no PowerShell prompt');
});

test('cmd: C:\\…> prompts (with or without a space), ^ continuations and More? prompts', () => {
  const t = transcript('C:\\> msiexec /i setup.msi ^\nMore? /qn\nC:\\Temp>dir /b\nsetup.msi\n', 'cmd');
  assert.equal(t.run, 'msiexec /i setup.msi ^\n/qn\ndir /b\n');
  assert.equal(t.expectedOutput, 'setup.msi\n');
  assert.equal(splitTranscript('REM install\nC:\\> ver\n', 'cmd').kind, 'transcript', 'REM before the first prompt is a comment');
});

test('blocks without prompts are scripts; prompts inside here-documents or continued lines do not count', () => {
  assert.deepEqual(splitTranscript('apt-get update\napt-get -y upgrade\n', 'posix'), { kind: 'script' });
  assert.deepEqual(splitTranscript('', 'posix'), { kind: 'script' });
  assert.deepEqual(splitTranscript('cat > README <<EOF\n$ ./run.sh\nEOF\n', 'posix'), { kind: 'script' });
  assert.deepEqual(splitTranscript('echo \\\n$ x\n', 'posix'), { kind: 'script' });
});

test('cannot be split safely: a prompt after a plain command, an open here-document, a dangling continuation', () => {
  const mixed = splitTranscript('cd /tmp\n$ ls\nrm -rf x\n', 'posix', 5);
  assert.equal(mixed.kind, 'unsplittable');
  assert.deepEqual(mixed.kind === 'unsplittable' && [mixed.problem.kind, mixed.problem.line], ['mixed', 6]);
  assert.match(mixed.kind === 'unsplittable' ? mixed.problem.message : '', /line 6 starts with the prompt '\$' but line 5 above it has none/);
  const heredoc = splitTranscript('$ ssh host <<EOF\nrm -rf /srv\n$ echo done\n', 'posix', 20);
  assert.equal(heredoc.kind, 'unsplittable');
  assert.deepEqual(heredoc.kind === 'unsplittable' && [heredoc.problem.kind, heredoc.problem.line], ['here-document', 20]);
  assert.match(heredoc.kind === 'unsplittable' ? heredoc.problem.message : '', /<<EOF opened on line 20 is never closed by a 'EOF' line/);
  const dangling = splitTranscript('$ echo a \\\n', 'posix', 3);
  assert.deepEqual(dangling.kind === 'unsplittable' && [dangling.problem.kind, dangling.problem.line], ['continuation', 3]);
  // A command still open at the next prompt or the end: its continuation lines lack the `> ` prompt
  // (or are output), and running the rest would join the next command into the open quote.
  const open = splitTranscript('$ echo "a\nout\n$ echo "; rm -rf /srv; echo "\n', 'posix', 7);
  assert.deepEqual(open.kind === 'unsplittable' && [open.problem.kind, open.problem.line], ['open-command', 7]);
  assert.match(open.kind === 'unsplittable' ? open.problem.message : '', /the command on line 7 is still open at the next prompt on line 9 \(an unclosed " quote\)/);
  const loop = splitTranscript('$ for i in 1 2; do\n1\n2\n', 'posix');
  assert.match(loop.kind === 'unsplittable' ? loop.problem.message : '', /line 1 is still open where the block ends \(a loop without its 'done'\).*start each line that continues it with the '> ' prompt/);
  // The lines continued with `> ` make the same command complete.
  assert.equal(transcript('$ for i in 1 2; do\n> echo $i\n> done\n1\n2\n').run, 'for i in 1 2; do\necho $i\ndone\n');
  const ps = splitTranscript('Get-Date\nPS C:\\> Get-Service\n', 'powershell');
  assert.equal(ps.kind === 'unsplittable' && ps.problem.kind, 'mixed');
});

// ---- properties ----

const posixLine = fc.oneof(
  fc.constantFrom('$ ls', '$ echo "a', '$ cat <<EOF', '$ cat <<-X', 'EOF', '\tX', 'X', '> b"', '> done', '$ for i in 1; do', '$', '% pwd',
    'rm -rf x', 'NAME READY', '', '# note', '$ echo a \\', '  --flag', '> quoted', '$HOME', '$ (cd /', '> )', 'a | ', '$ ls |'),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n')),
);
const psLine = fc.oneof(
  fc.constantFrom('PS C:\\> Get-Service', 'PS> ls `', '>> -Force', 'Status Name', '', '# note', 'PS C:\\> $a = @"', '"@', 'Remove-Item x'),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n')),
);
const cmdLine = fc.oneof(
  fc.constantFrom('C:\\> dir', 'C:\\Temp>ver', 'More? /q', 'del x ^', 'Volume in drive C', '', 'REM x'),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n')),
);
const blockOf = (line: fc.Arbitrary<string>) => fc.array(line, { maxLength: 14 }).map((ls) => (ls.length ? `${ls.join('\n')}\n` : ''));

for (const [style, gen] of [['posix', blockOf(posixLine)], ['powershell', blockOf(psLine)], ['cmd', blockOf(cmdLine)]] as const) {
  test(`property (${style}): commands + output = the block, in order; nothing runs without a prompt`, () => {
    fc.assert(
      fc.property(gen, fc.integer({ min: 1, max: 500 }), (code, firstLine) => {
        const split = splitTranscript(code, style, firstLine);
        if (split.kind !== 'transcript') return;
        const lines = code.replace(/\n$/, '').split('\n');
        // Every line of the block, once, in order, with its own line number.
        assert.equal(split.lines.length, lines.length);
        split.lines.forEach((l, i) => {
          assert.equal(l.line, firstLine + i);
          assert.equal(l.prompt + l.text, lines[i], 'a line is its prompt and its text');
        });
        // What runs is exactly the command, continuation and heredoc texts; the rest is the sample.
        const run = split.lines.filter((l) => l.role === 'command' || l.role === 'continuation' || l.role === 'heredoc').map((l) => l.text);
        assert.equal(split.run, run.length ? `${run.join('\n')}\n` : '');
        const output = split.lines.filter((l) => l.role === 'output').map((l) => l.text);
        assert.equal(split.expectedOutput, output.length ? `${output.join('\n')}\n` : '');
        // Nothing runs that has no prompt: each run group starts at a prompt line.
        const first = split.lines.findIndex((l) => l.role !== 'comment');
        assert.equal(split.lines[first]!.role, 'command');
        split.lines.forEach((l, i) => {
          if (l.role === 'command') assert.notEqual(l.prompt, '');
          if (l.role === 'continuation' || l.role === 'heredoc') {
            const before = split.lines[i - 1]!;
            assert.ok(before.role === 'command' || before.role === 'continuation' || before.role === 'heredoc', `line ${l.line} runs but follows ${before.role}`);
          }
          if (l.role === 'comment') assert.ok(i < first || /^\s*(#|rem\b|::)/i.test(l.text), `line ${l.line} is a comment`);
        });
      }),
      { numRuns: 3000 },
    );
  });
}

test('property: a block with no prompt-like line is a script, whatever else it holds', () => {
  const plain = fc.array(fc.string({ maxLength: 15 }).filter((s) => !s.includes('\n') && !/^[$%](?: |$)/.test(s)), { maxLength: 10 });
  fc.assert(fc.property(plain, (ls) => assert.equal(splitTranscript(ls.join('\n'), 'posix').kind, 'script')), { numRuns: 1000 });
});

// ---- in the parser ----

const steps = (md: string) => parseRunbook(md).steps.filter((s): s is CodeStep => s.kind === 'code');

test('console, shell-session and sh-session fences are steps when they are transcripts, run by the default shell', () => {
  for (const lang of ['console', 'shell-session', 'sh-session']) {
    const [s] = steps(`# T\n\n\`\`\`${lang}\n$ uname\nLinux\n\`\`\`\n`);
    assert.ok(s, lang);
    assert.equal(s.runner, 'bash');
    assert.equal(s.run, 'uname\n');
    assert.equal(s.code, '$ uname\nLinux\n', 'the code stays the block as written');
    assert.deepEqual(s.transcript?.lines.map((l) => [l.line, l.role]), [[4, 'command'], [5, 'output']]);
  }
  const [z] = steps('---\nshell: zsh\n---\n```console\n$ echo $ZSH_VERSION\n```\n');
  assert.equal(z?.runner, 'zsh');
  // Output-only console blocks, and mixed ones, are documentation: no step, no warning.
  const doc = parseRunbook('```console\nNAME READY\n```\n\n```console\nls\n$ pwd\n```\n');
  assert.deepEqual([doc.steps.length, doc.diagnostics.length], [0, 0]);
});

test('shell, PowerShell and cmd steps written as transcripts; python and node never are', () => {
  const s = steps('```bash\n$ echo hi\nhi\n```\n\n```pwsh\nPS C:\\> Get-Date\nMonday\n```\n\n```cmd {when=windows}\nC:\\> ver\nMicrosoft Windows\n```\n\n```python\n$ = 1\n```\n');
  assert.deepEqual(s.map((x) => x.run), ['echo hi\n', 'Get-Date\n', 'ver\n', undefined]);
  assert.deepEqual(s.map((x) => x.transcript?.expectedOutput), ['hi\n', 'Monday\n', 'Microsoft Windows\n', undefined]);
  assert.equal(steps('```bash\necho plain\n```\n')[0]!.transcript, undefined, 'a script has no transcript');
});

test('a transcript inside a list item keeps its file line numbers', () => {
  const [s] = steps('1. Check:\n\n   ```bash\n   $ id -u\n   0\n   ```\n');
  assert.deepEqual(s?.transcript?.lines.map((l) => [l.line, l.role, l.text]), [[4, 'command', 'id -u'], [5, 'output', '0']]);
});

test('mixed-transcript: a warning on the prompt line, and the step records why it will not run', () => {
  const r = parseRunbook('# T\n\n```bash\ncd /tmp\n$ ls\nrm -rf x\n```\n');
  const [s] = r.steps as CodeStep[];
  assert.match(s!.notRunnable ?? '', /line 5 starts with the prompt/);
  assert.equal(s!.run, undefined);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.endColumn, d.data?.fenceLine]), [['mixed-transcript', 'warning', 5, 1, 5, '3']]);
  const open = parseRunbook('```console\n$ cat <<EOF\nbody\n```\n');
  assert.deepEqual(open.diagnostics.map((d) => [d.code, d.line]), [['mixed-transcript', 2]]);
  assert.equal(open.steps.length, 1, 'a console transcript that cannot be split is still a step (that will not run)');
});

test('variables in sample output are not uses; in the commands they are', () => {
  const r = parseRunbook('# V\n\n```console\n$ echo "$GREETING"\nHOME=$HOME_DIR_SAMPLE\n```\n');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column, d.data?.variable]), [['undeclared-variable', 4, 9, 'GREETING']]);
});

test('Windows guides: PS C:\\> and C:\\> transcripts in pwsh and cmd steps run their commands', () => {
  const s = steps([
    '# Upgrade', '',
    '```powershell',
    'PS C:\\> Get-Service FIMService | Select-Object Status',
    '',
    'Status',
    '------',
    'Running',
    '```', '',
    '```cmd {when=windows expect-exit=0,3010}',
    'C:\\Patch> msiexec /p MIMService_x64_KB5085154.msp REINSTALL=ALL REINSTALLMODE=emus /l*v MIMServiceSP3.log',
    '```', '',
  ].join('\n'));
  assert.deepEqual(s.map((x) => x.run), ['Get-Service FIMService | Select-Object Status\n', 'msiexec /p MIMService_x64_KB5085154.msp REINSTALL=ALL REINSTALLMODE=emus /l*v MIMServiceSP3.log\n']);
  assert.equal(s[0]!.transcript?.expectedOutput, '\nStatus\n------\nRunning\n');
});

test('the shipped samples write no prompts (the MIM guide they come from writes none either)', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const guide = readFileSync('test/fixtures/format/mim-2016-sp3-upgrade.guide.txt', 'utf8');
  assert.doesNotMatch(guide, /^(?:PS [^>\n]*>|[A-Za-z]:\\[^>\n]*>|\$ )/m, 'the guide writes its commands without prompts');
  for (const file of readdirSync('runbooks').filter((f) => f.endsWith('.md'))) {
    const r = parseRunbook(readFileSync(`runbooks/${file}`, 'utf8'));
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'mixed-transcript'), [], file);
    assert.deepEqual(r.steps.filter((x) => x.kind === 'code' && x.transcript).map((x) => x.id), [], `${file} has no transcripts`);
  }
});
