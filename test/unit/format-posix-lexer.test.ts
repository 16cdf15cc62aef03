// The POSIX shell lexer the transcript splitter and the placeholder lint share (posixLexer.ts):
// what it blanks, what stays open between lines, which here-documents a line opens. The readers'
// own tests (format-transcript, format-placeholders) show each rule where it matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexPosixScript, PosixLexer } from '../../src/core/format/posixLexer';

const code = (...lines: string[]) => lexPosixScript(lines).map((l) => l?.code);

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
