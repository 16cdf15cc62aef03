// The `placeholder` rule: what public runbooks write for the reader to replace (the flagged table,
// lines in the styles of prometheus-operator/runbooks and openshift/runbooks) and shell syntax that
// only looks like it (the not-flagged table: redirections, here-documents, here-strings, process
// substitution, comparisons, quoted text, comments, generics). A step with a placeholder does not
// run, and the lint names the line and the variable to declare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type CodeStep, type RunnerKind } from '../../src/core/format';
import { findPlaceholders, variableFor } from '../../src/core/format/placeholders';
import { missingVariables } from '../../src/core/executor/missingVariables';
import { host, makeExecutor } from './executor-helpers';

const texts = (code: string, runner: RunnerKind = 'bash') => findPlaceholders(code, runner).map((p) => p.text);

test('flagged: placeholders as public runbooks write them, in every shell family', () => {
  const flagged: [RunnerKind, string, string[]][] = [
    ['bash', 'kubectl -n <namespace> get pod', ['<namespace>']],
    ['bash', 'NODE_NAME=<instance label from alert>', ['<instance label from alert>']],
    ['bash', "NODE_NAME='<value of instance label from alert>'", ["'<value of instance label from alert>'"]],
    ['bash', 'export NAMESPACE="<namespace>"', ['"<namespace>"']],
    ['bash', "kubectl get storageclass `kubectl -n <my-namespace> get pvc <my-pvc> -ojson | jq -r '.spec.storageClassName'`", ['<my-namespace>', '<my-pvc>']],
    ['bash', 'kubectl get pods --all-namespaces --field-selector spec.nodeName=<node>', ['<node>']],
    ['bash', 'oc debug node/<node-name>', ['<node-name>']],
    ['bash', 'aws --endpoint-url <S3_ENDPOINT> s3 rm s3://<BUCKET_NAME>/<CORRUPTED_BLOCK_ID>/ --recursive', ['<S3_ENDPOINT>', '<BUCKET_NAME>', '<CORRUPTED_BLOCK_ID>']],
    ['bash', 'rbd snap ls --pool <pool> [--namespace <namespace>] <image-name>', ['<pool>', '<namespace>', '<image-name>']],
    ['bash', 'ceph daemon osd.<id> ops', ['<id>']],
    ['bash', 'oc get secret <YOUR_SECRET_NAME> -n observability', ['<YOUR_SECRET_NAME>']],
    ['bash', "# Check the node's CPU and memory\noc top node <node-name>", ['<node-name>']],
    ['bash', 'kubectl delete pod <pod>; echo done', ['<pod>']],
    ['sh', 'kill -TERM <pid>', ['<pid>']],
    ['zsh', 'ssh <node-address>', ['<node-address>']],
    ['other-shell', 'mtr <node-ip>', ['<node-ip>']],
    ['pwsh', 'Restart-Service -ComputerName <server> -Name <service>', ['<server>', '<service>']],
    ['pwsh', "$Namespace = '<namespace>'", ["'<namespace>'"]],
    ['cmd', 'sc \\\\<server> query <service>', ['<server>', '<service>']],
  ];
  for (const [runner, code, expected] of flagged) assert.deepEqual(texts(code, runner), expected, `${runner}: ${code}`);
});

test('not flagged: real redirections, here-documents, comparisons, quoted text, comments, other languages', () => {
  const clean: [RunnerKind, string][] = [
    ['bash', 'sort <input.txt >sorted.txt'],
    ['bash', 'sort < input.txt > sorted.txt'],
    ['bash', 'wc -l <notes.txt'],
    ['bash', 'cat <in>>log.txt'],
    ['bash', 'cat <<EOF > settings.xml\n<settings><name>web</name></settings>\nEOF'],
    ['bash', "cat <<-'END'\n\t<pod>\n\tEND"],
    ['bash', 'cat <<<"$greeting"'],
    ['bash', 'diff <(sort a.txt) <(sort b.txt)'],
    ['bash', 'exec 3<&0'],
    ['bash', 'exec 3<>/dev/tcp/example.org/80'],
    ['bash', 'if [[ "$a" < "$b" ]]; then echo first; fi'],
    ['bash', 'if [[ $a<$b ]]; then :; fi'],
    ['bash', 'if (( count<limit && limit>0 )); then :; fi'],
    ['bash', 'echo $(( lo<mid ? lo : mid ))'],
    ['bash', 'if (( lo<mid>0 )); then :; fi'],
    ['bash', 'cat <<EOF\nfirst\n<pod>\nEOF\necho done'],
    ['bash', 'echo "<b>bold</b>"'],
    ['bash', "grep '<title>' index.html"],
    ['bash', "jq '\n  .items[] | select(.name==\"<pod>\")\n' pods.json"],
    ['bash', 'CONSUMER="storageconsumer-<ID>"'],
    ['bash', "TAG='<br>'"],
    ['bash', '# kubectl delete pod <pod>'],
    ['bash', 'echo hi # replace <pod> later'],
    ['bash', 'echo \\<pod\\>'],
    ['bash', 'echo $# ${#name}'],
    ['bash', 'NAME   READY   NOMINATED NODE\nweb-1  1/1     <none>'],
    ['zsh', 'ls file<1-10>'],
    ['pwsh', 'Write-Host "<b>bold</b>"'],
    ['pwsh', '# Restart-Service <service>'],
    ['pwsh', '<#\n  Restart-Service <service>\n#>\nGet-Date'],
    ['pwsh', '$xml = @"\n<config><name>web</name></config>\n"@\n$xml'],
    ['pwsh', '$list = [System.Collections.Generic.List[string]]::new(); if ($a -lt $b) { }'],
    ['cmd', 'echo ^<tag^>'],
    ['cmd', 'rem <pod>'],
    ['cmd', ':: <pod>'],
    ['cmd', 'echo "<pod>"'],
    ['python', 'print("<b>")\nok = 0<x>5'],
    ['node', 'const m = new Map<string, number>(); console.log("<pod>")'],
  ];
  for (const [runner, code] of clean) assert.deepEqual(texts(code, runner), [], `${runner}: ${code}`);
});

test('shell reading shared with the transcript splitter (posixLexer): quotes, comments, substitutions, here-documents', () => {
  // Each case is read as bash reads it (checked with bash 5.2): the placeholders it would take as a redirection.
  const cases: [string, string, string[]][] = [
    ["$'…' escapes its quote: the placeholder after it is code", "echo $'it\\'s' <pod>", ['<pod>']],
    ["$'…' escapes its quote: the placeholder inside it is text", "echo $'don\\'t <pod>'", []],
    ['"$( )" is code inside the quotes', 'POD="$(kubectl get pod -n <namespace> -o name)"', ['<namespace>']],
    ['"` `" is code inside the quotes', 'echo "`cat <file>`"', ['<file>']],
    ['# inside a word is no comment', 'echo a#b <pod>', ['<pod>']],
    ['$# is no comment', 'echo $# <pod>', ['<pod>']],
    ['${#x} is no comment', 'echo ${#name} <pod>', ['<pod>']],
    ['a comment in backticks ends at the closing one', 'echo `date # now` <pod>', ['<pod>']],
    ['a comment after a here-document operator opens nothing', "cat <<EOF # it's <config>\n  <body>\nEOF\nkubectl get ns <ns>", ['<ns>']],
    ['a quoted delimiter: the body is not searched', 'cat <<"EOF"\n  <body>\nEOF\necho <pod>', ['<pod>']],
    ['the delimiter is the whole word (EOF#x, not EOF)', 'cat <<EOF#x\n  <a>\nEOF\n  <b>\nEOF#x\necho <pod>', ['<pod>']],
    ['<< in arithmetic is a shift, not a here-document', 'echo $((1 << n))\nkubectl delete pod <pod>', ['<pod>']],
    ['a placeholder at the start of a line (here a continued one) is read too', 'kubectl logs \\\n<pod> -n ns', ['<pod>']],
    ['a here-document opened after a multi-line quote closes', 'echo "a\nb"; cat <<EOF\n  <body>\nEOF', []],
    ['a here-document opened inside a multi-line quote: its body starts after the quote closes', 'cat <<EOF; echo "a\nb" <pod>\n  <body>\nEOF', ['<pod>']],
    ['<< in ${ } is no here-document', 'echo ${x:-<<EOF}\nkubectl delete pod <pod>', ['<pod>']],
    ['<< in $[ ] is a shift, not a here-document', 'echo $[1 << n]\nkubectl delete pod <pod>', ['<pod>']],
    ['a case pattern in $( ) closes nothing: the quote after it is its own', 'x="$(case $y in a) echo "it\'s";; esac)" <pod>', ['<pod>']],
  ];
  for (const [why, code, expected] of cases) assert.deepEqual(texts(code), expected, `${why}: ${code}`);
});

test('the suggested variable drops the words that say where a value comes from', () => {
  const names: [string, string][] = [
    ['value of instance label from alert', 'INSTANCE'],
    ['instance label from alert', 'INSTANCE'],
    ['my-pvc', 'PVC'],
    ['YOUR_SECRET_NAME', 'SECRET_NAME'],
    ['service-monitor-name', 'SERVICE_MONITOR_NAME'],
    ['node-name', 'NODE_NAME'],
    ['OBC-NAME', 'OBC_NAME'],
    ['the', 'THE'],
    ['1st-node', 'VALUE_1ST_NODE'],
    ['path', 'PATH_VALUE'],
    ['user', 'USER_VALUE'],
    ['home', 'HOME_VALUE'],
  ];
  for (const [words, name] of names) assert.equal(variableFor(words), name, words);
});

test('the replacement reads the variable as the step language does', () => {
  const replacement = (code: string, runner: RunnerKind = 'bash') => findPlaceholders(code, runner).map((p) => p.replacement);
  assert.deepEqual(replacement('kubectl -n <namespace> logs <pod>'), ['"$NAMESPACE"', '"$POD"']);
  assert.deepEqual(replacement('oc debug node/<node>; cat <pod>_log/x'), ['$NODE', '${POD}']);
  assert.deepEqual(replacement("NODE_NAME='<value of instance label from alert>'"), ['"$INSTANCE"']);
  assert.deepEqual(replacement('Get-Item <file>', 'pwsh'), ['$env:FILE']);
  assert.deepEqual(replacement('cat <path>'), ['"$PATH_VALUE"'], 'never PATH, which every step needs');
  assert.deepEqual(replacement('type <file>', 'cmd'), ['%FILE%']);
});

test('lint: a warning at the placeholder, naming the redirection and the variable; the step will not run', () => {
  const text = [
    '# Disk', '',
    '1. Find the claim:', '',
    '   ```bash',
    '   kubectl -n <my-namespace> get pvc',
    '   ```', '',
    '```console',
    "$ NODE_NAME='<value of instance label from alert>'",
    '$ kubectl get pod -o wide',
    'NAME    NODE     NOMINATED NODE',
    'web-1   <node>   <none>',
    '```', '',
  ].join('\n');
  const rb = parseRunbook(text);
  const found = rb.diagnostics.filter((d) => d.code === 'placeholder');
  assert.deepEqual(found.map((d) => [d.severity, d.line, d.column, d.endColumn]), [['warning', 6, 15, 29], ['warning', 10, 13, 51]], 'the sample output is not searched');
  assert.match(found[0]!.message, /^<my-namespace> looks like a placeholder to replace before running: bash would read <my-namespace as a redirection from a file named 'my-namespace'.*Declare NAMESPACE under 'variables:'.*write "\$NAMESPACE" here/);
  assert.match(found[1]!.message, /the step would set NODE_NAME to this text itself/);
  assert.deepEqual(found[0]!.data, { placeholder: '<my-namespace>', variable: 'NAMESPACE', replacement: '"$NAMESPACE"', description: 'my-namespace' });
  const [claim, node] = rb.steps as CodeStep[];
  assert.match(claim!.notRunnable ?? '', /^line 6 has a placeholder, <my-namespace>, to replace before running/);
  assert.match(node!.notRunnable ?? '', /^line 10 has a placeholder/);
});

test('the samples, the corpus and the format fixtures have no placeholder but the fixture written for it', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dirs = ['runbooks', 'test/fixtures/corpus', 'test/fixtures/format', 'test/fixtures/runme', 'test/fixtures/journey', 'test/fixtures/language'];
  const flagged: string[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const rb = parseRunbook(readFileSync(join(dir, file), 'utf8'));
      for (const d of rb.diagnostics) if (d.code === 'placeholder') flagged.push(`${file}:${d.line} ${d.data!.placeholder}`);
    }
  }
  assert.deepEqual(flagged, [
    "placeholders.md:9 '<value of instance label from alert>'",
    'placeholders.md:10 <node>',
    'placeholders.md:20 <my-namespace>',
    'placeholders.md:20 <my-pvc>',
  ]);
});

test('a step with a placeholder never runs: the lines before it do not run either, the next steps are not reached', async () => {
  const rb = parseRunbook('# Clean\n\n```bash\ntouch before-ran\nkubectl delete pod <pod>\n```\n\n```bash\ntouch next-ran\n```\n');
  const { executor, recorder, dir } = makeExecutor(rb);
  const summary = await executor.runAll();
  assert.equal(summary.status, 'failed');
  assert.match(recorder.outcomes.get('clean-1')!.reason ?? '', /^not run: line 5 has a placeholder, <pod>, to replace before running \(bash would read <pod as a redirection/);
  assert.ok(!existsSync(join(dir, 'before-ran')) && !existsSync(join(dir, 'next-ran')));
});

test('a confirm gate is not asked for a step that will not run', async () => {
  const rb = parseRunbook('# Clean\n\n```bash {confirm="Delete the pod?"}\nkubectl delete pod <pod>\n```\n');
  const asking = host();
  const { executor, recorder } = makeExecutor(rb, { host: asking });
  assert.equal((await executor.runAll()).status, 'failed');
  assert.deepEqual(asking.asked, []);
  assert.match(recorder.outcomes.get('clean-1')!.reason ?? '', /^not run: line 4 has a placeholder, <pod>/);
});

test('after the quick fix, NAME="$NAME" does not count as the step setting NAME: the run asks for it', () => {
  const rb = parseRunbook('---\nvariables:\n  NAMESPACE:\n    description: value of namespace label from alert\n---\n\n```bash\nNAMESPACE="$NAMESPACE"\nkubectl -n "$NAMESPACE" get pods\n```\n');
  assert.deepEqual(rb.diagnostics, []);
  assert.deepEqual(missingVariables(rb, rb.steps, {}).map((m) => m.name), ['NAMESPACE']);
});
