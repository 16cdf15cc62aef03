// The POSIX shell lexer the transcript splitter and the placeholder lint share (posixLexer.ts):
// what it blanks, what stays open between lines, which here-documents a line opens. The readers'
// own tests (format-transcript, format-placeholders) show each rule where it matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { lexPosixScript, openAtEnd, PosixLexer } from '../../src/core/format/posixLexer';
import { findExecutable } from '../../src/core/executor/which';

const code = (...lines: string[]) => lexPosixScript(lines).map((l) => l?.code);

/** What keeps the command open after these lines (its here-document bodies skipped): `openAtEnd`, as the unclosed-command rule reads it. */
function openAfter(...lines: string[]): string | false {
  const open = openAtEnd(lines);
  return open === undefined ? false : open.kind === 'here-document' ? 'here-document' : open.what;
}

/** Which lines of a script are here-document bodies. */
const bodies = (...lines: string[]) => lexPosixScript(lines).map((l) => (l ? 'code' : 'body'));

test('quoted text and comments are blanked, quote characters and code inside "$( )" kept', () => {
  assert.deepEqual(code(`echo 'a b' "c d" $'e\\'f' x`), [`echo '   ' "   " $'    ' x`]);
  assert.deepEqual(code('echo "n=$(wc -l <f) `id -u`" # it\'s'), ['echo "  $(wc -l <f) `id -u`"       ']);
  // A word start is also right after an operator: bash reads `>#x` as `>` and a comment.
  assert.deepEqual(code("echo hi >#it's", 'a#b ${#x} $# # c'), ['echo hi >     ', 'a#b ${#x} $#    ']);
});

test('what stays open between lines: quotes, substitutions, arithmetic; a here-document body is no code', () => {
  const lexer = new PosixLexer();
  for (const [line, open] of [['echo "a', true], ['b" $(date', true], [')', false], ['x=$(( 1 +', true], ['2 ))', false]] as const) {
    lexer.line(line);
    assert.equal(lexer.open, open, line);
  }
  assert.deepEqual(code('cat <<-A <<"B" # two', '\tbody', '\tA', 'B', 'echo "x'), ['cat <<-A <<" "      ', undefined, undefined, undefined, 'echo " ']);
  const [opened] = lexPosixScript(['cat <<-\'END\' >out']);
  assert.deepEqual(opened?.hereDocs, [{ delimiter: 'END', stripTabs: true, written: "<<-'END'" }]);
});

test('a trailing backslash continues the line, except in a comment or when escaped', () => {
  const continues = (line: string) => new PosixLexer().line(line).continues;
  assert.deepEqual(['ls \\', 'ls \\\\', 'ls # C:\\', 'echo "a\\'].map(continues), [true, false, false, true]);
});

test('property: the code has the line\'s length and each of its characters is the line\'s or a blank', () => {
  const line = fc.string({ unit: fc.constantFrom('a', ' ', '#', "'", '"', '\\', '$', '(', ')', '`', '<', '-', '{', '}', '\t'), maxLength: 20 });
  fc.assert(
    fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
      lexPosixScript(lines).forEach((lexed, i) => {
        if (!lexed) return;
        assert.equal(lexed.code.length, lines[i]!.length);
        [...lexed.code].forEach((c, j) => assert.ok(c === lines[i]![j] || c === ' ', `${JSON.stringify(lines[i])} at ${j}`));
      });
    }),
    { numRuns: 2000 },
  );
});

test('case patterns inside $( ): a pattern\'s ) closes nothing, esac ends the case', () => {
  // A naive reading closes $( at `a)`; the rest then opens a ' quote and the command never ends.
  assert.equal(openAfter(`echo "$(case $x in a) echo "it's";; esac)"`), false);
  assert.equal(openAfter('x=$(case $y in', 'a) echo a;;'), "a 'case' without its 'esac'");
  assert.equal(openAfter('x=$(case $y in', 'a) echo a;;', 'esac)'), false);
  assert.equal(openAfter('(case a in', '(a|b) echo A;;', '*) echo B', 'esac)'), false);
  assert.equal(openAfter('case $(echo "$x") in @(a|b)) echo;; esac'), false, 'extglob parentheses in a pattern');
  assert.equal(openAfter('case x in', 'a) echo'), "a 'case' without its 'esac'");
});

test('reserved words open and close only as a command\'s first word', () => {
  for (const complete of ['echo do', 'grep -w case f', 'echo {', 'echo } {', 'ls -l | grep if', 'echo esac done fi', 'x=1 if',
    'case x in x) echo do;; esac', 'f() { echo; }', '{ echo; }', 'a=()', 'echo "$()" <()', 'for i in do; do :; done', 'if true; then echo; fi >log 2>&1']) {
    assert.equal(openAfter(complete), false, complete);
  }
  assert.equal(openAfter('for i in 1 2'), "a loop without its 'done'");
  assert.equal(openAfter('while true; do'), "a loop without its 'done'");
  assert.equal(openAfter('while true; do', 'sleep 1', 'done'), false);
  assert.equal(openAfter('if [ -f x ]; then'), "an 'if' without its 'fi'");
  assert.equal(openAfter('if a; then b; elif c; then d; else e; fi'), false);
  assert.equal(openAfter('function f {'), "a '{' without its '}'");
  assert.equal(openAfter('f () {', 'echo'), "a '{' without its '}'");
  assert.equal(openAfter('f()'), 'a function without its body');
  assert.equal(openAfter('function f', '{ echo; }'), false);
});

test('${ } nests quotes and braces and holds no comment or here-document; $[ ] and (( )) hold no here-document', () => {
  assert.equal(openAfter(`echo "\${x:-"it's"}"`), false);
  assert.equal(openAfter(`echo "\${x:-'a}"`), "an unclosed ' quote", "' quotes inside \"${ }\" too, as bash reads them");
  assert.equal(openAfter('echo ${x:-{a}}b'), false);
  assert.deepEqual(code('echo ${x:-a # b} # c'), ['echo ${x:-a # b}    ']);
  assert.equal(openAfter('echo ${x:-<<EOF}'), false);
  assert.equal(openAfter('echo ${x:-'), 'an unclosed ${');
  assert.equal(openAfter('echo $[ 2 << 1 ]'), false);
  assert.equal(openAfter('(( x = 1 << 2 ))'), false);
  assert.equal(openAfter('echo $((2 * (3 + 4)))'), false);
  // `$(( … ) )` and `(( … ) …)` are no arithmetic: bash reads a subshell inside $( ) or ( ).
  assert.equal(openAfter('echo $((ls); ls)'), false);
  assert.equal(openAfter('((ls); ls)'), false);
});

test('a trailing |, ||, |& or && continues the command (also before a comment); &, 2>&1 and >| do not', () => {
  for (const line of ['ls |', 'ls ||', 'ls &&', 'ls |&', 'ls | # then count']) assert.equal(openAfter(line), 'a trailing operator (|, ||, |& or &&)', line);
  for (const line of ['sleep 9 &', 'ls 2>&1', 'ls &>log', 'echo x >|f', 'ls | wc -l']) assert.equal(openAfter(line), false, line);
});

test('what opens nothing: [[ < ]], <( ), <<<, a comment in $( ) that ends with the line, for (( ; ; ))', () => {
  for (const line of ['[[ a < b ]] && echo y', 'diff <(ls a) <(ls b)', 'cat <<< "$x"', 'for ((i = 0; i << 2; i++)); do echo $i; done',
    'while read -r l; do echo "$l"; done < <(ls)', 'x=$(ls # a comment\n)']) {
    assert.equal(openAfter(...line.split('\n')), false, line);
  }
  // bash reads a `)` in a comment inside $( ) as comment text: the substitution is still open.
  assert.equal(openAfter('echo $(ls # the )'), 'an unclosed ( or $(');
});

test('backticks: escaped backticks nest, a comment in them ends at the closing one', () => {
  assert.equal(openAfter('echo `echo \\`echo a\\``'), false);
  assert.equal(openAfter("echo `# it's`"), false);
  assert.equal(openAfter('echo `date'), 'an unclosed ` substitution');
});

test('here-documents: the body starts after the first line that ends outside quotes and without \\', () => {
  // bash reads the body after the newline that ends the command line, not inside the open quote.
  assert.deepEqual(bodies('cat <<EOF; echo "a', 'b"', 'body', 'EOF', 'echo x'), ['code', 'code', 'body', 'body', 'code']);
  assert.deepEqual(bodies('cat <<EOF \\', '| tr a b', 'aaa', 'EOF'), ['code', 'code', 'body', 'body']);
  // Inside $( ) the newline ends a command too: the body follows, and a ) in it closes nothing.
  assert.deepEqual(bodies('x=$(cat <<EOF', 'body )', 'EOF', ')'), ['code', 'body', 'body', 'code']);
  assert.equal(openAfter('x=$(cat <<EOF', 'body )', 'EOF', ')'), false);
  // Two on one line: the bodies follow in order.
  assert.deepEqual(bodies('paste <<A <<"B"', '1', 'A', '2', 'B', 'echo'), ['code', 'body', 'body', 'body', 'body', 'code']);
  // An indented delimiter closes only <<- (tabs, not spaces).
  assert.equal(openAfter('cat <<EOF', '  EOF'), 'here-document');
  assert.equal(openAfter('cat <<-EOF', '  EOF'), 'here-document');
  assert.equal(openAfter('cat <<-EOF', '\t\tEOF'), false);
  const [quoted] = lexPosixScript(['cat <<\\EOF <<"E F" <<$X']);
  assert.deepEqual(quoted?.hereDocs.map((d) => d.delimiter), ['EOF', 'E F', '$X']);
});

// bash itself decides: `bash -n` on a script that is still open reports an unexpected end of
// file (or a here-document delimited by the end of file).
const bash = findExecutable('bash', process.env, process.platform);
test('property: the lexer agrees with bash on whether a command is still open', { skip: !bash && 'no bash' }, () => {
  const token = fc.constantFrom('echo ', 'x', ' ', "'", '"', '$(', ')', '(', 'case x in ', 'a) ', ';; ', 'esac', 'if true; then ', 'fi',
    ' do ', 'done', 'for i in 1; do ', 'while x; do ', '{ ', ' }', '${x:-', '}', ' #', '`', ' | ', ' && ', ';', '\\', '$((', '))', '$[', ']',
    '\n', 'f() ', 'function g ', "$'", '<(', 'a=(', '\\"', "\\'", '${#x}', '$#', 'cat <<EOF', '\nEOF\n', 'cat <<-E ', '\n\tE\n', "<<'Q'",
    '\nQ\n', 'x=$(', 'echo "$(', ')"', 'then ', 'else ', 'in ', '*) ', '(b) ', 'case $(echo) in ', 'for ((i=0; i<2; i++)); do ', '[[ a < b ]]',
    '<<<', '>|', '2>&1 ', '|&', ' & ');
  const scripts = fc.sample(fc.array(token, { minLength: 1, maxLength: 10 }).map((t) => t.join('')), { numRuns: 400, seed: 7 });
  const check = 'while IFS= read -r -d "" s; do out=$(printf "%s\\n" "$s" | bash -n 2>&1); case $out in *"end of file"*|*"unexpected EOF"*|*"here-document at line"*) echo open;; "") echo complete;; *) echo error;; esac; done';
  const verdicts = spawnSync(bash!, ['-c', check], { input: `${scripts.join('\0')}\0`, encoding: 'utf8' }).stdout.trim().split('\n');
  assert.equal(verdicts.length, scripts.length);
  let compared = 0;
  scripts.forEach((script, i) => {
    if (verdicts[i] === 'error' || script.endsWith('\\')) return; // a syntax error, or `\` before the end of the file
    compared++;
    assert.equal(openAfter(...script.split('\n')) === false ? 'complete' : 'open', verdicts[i], JSON.stringify(script));
  });
  assert.ok(compared >= 100, `${compared} of ${scripts.length} compared`);
});
