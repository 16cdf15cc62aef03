// Fence attributes in the three styles users write, and the value rules of each known key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInfoString } from '../../src/core/format/attributes';
import { readStepSettings } from '../../src/core/format/attributeValues';
import type { Diagnostic } from '../../src/core/format';
import { codeSteps, parseFixture } from './format-fixtures';
import { parseRunbook } from '../../src/core/format';

const syntaxCases: { info: string; lang: string; classes?: string[]; entries: [string, string | boolean][]; problems?: number }[] = [
  { info: 'bash', lang: 'bash', entries: [] },
  { info: 'bash {#build .wide key=value key2="quoted value"}', lang: 'bash', classes: ['wide'], entries: [['id', 'build'], ['key', 'value'], ['key2', 'quoted value']] },
  { info: 'sh { name=build interactive=false }', lang: 'sh', entries: [['name', 'build'], ['interactive', 'false']] },
  { info: 'python {"name":"build","confirm":true,"timeout":30}', lang: 'python', entries: [['name', 'build'], ['confirm', true], ['timeout', '30']] },
  { info: '{.bash #x}', lang: 'bash', entries: [['id', 'x']] },
  { info: 'bash{#tight}', lang: 'bash', entries: [['id', 'tight']] },
  { info: "bash {title='it\\'s'}", lang: 'bash', entries: [['title', "it's"]] },
  { info: 'bash {confirm}', lang: 'bash', entries: [['confirm', true]] },
  { info: 'bash {expect-exit=0,3010}', lang: 'bash', entries: [['expect-exit', '0,3010']] },
  { info: 'bash {#a', lang: 'bash', entries: [], problems: 1 },
  { info: 'bash {"a": nope}', lang: 'bash', entries: [], problems: 1 },
  { info: 'bash {#a} extra', lang: 'bash', entries: [['id', 'a']], problems: 1 },
  { info: 'bash {=x}', lang: 'bash', entries: [], problems: 1 },
  { info: 'bash {# .}', lang: 'bash', entries: [], problems: 2 },
];

for (const c of syntaxCases) {
  test(`info string ${c.info}`, () => {
    const p = parseInfoString(c.info, 4);
    assert.equal(p.lang, c.lang);
    assert.deepEqual(p.classes, c.classes ?? []);
    assert.deepEqual(p.entries.map((e) => [e.key, e.value]), c.entries);
    assert.equal(p.problems.length, c.problems ?? 0, JSON.stringify(p.problems));
  });
}

test('attribute columns point at the key on the fence line', () => {
  const line = '```bash {#build timeout=5m}';
  const p = parseInfoString('bash {#build timeout=5m}', 4);
  const timeout = p.entries.find((e) => e.key === 'timeout')!;
  assert.equal(line.slice(timeout.column - 1, timeout.endColumn - 1), 'timeout=5m');
  assert.deepEqual(p.braces, { column: 9, endColumn: 28 });
});

const valueCases: { attrs: string; check: Record<string, unknown>; codes?: string[] }[] = [
  { attrs: '{timeout=30s}', check: { timeoutMs: 30_000 } },
  { attrs: '{timeout=5m}', check: { timeoutMs: 300_000 } },
  { attrs: '{timeout=1h30m}', check: { timeoutMs: 5_400_000 } },
  { attrs: '{timeout=250ms}', check: { timeoutMs: 250 } },
  { attrs: '{timeout=30}', check: { timeoutMs: undefined }, codes: ['bad-timeout'] },
  { attrs: '{timeout=0s}', check: { timeoutMs: undefined }, codes: ['bad-timeout'] },
  { attrs: '{expect-exit=0,3010}', check: { expectExit: [0, 3010] } },
  { attrs: '{expect-exit=-1}', check: { expectExit: [-1] } },
  { attrs: '{expect-exit=ok}', check: { expectExit: [0] }, codes: ['bad-expect-exit'] },
  { attrs: '{expect="^done$"}', check: { expect: '^done$' } },
  { attrs: '{expect="a(b"}', check: { expect: undefined }, codes: ['bad-expect-regex'] },
  { attrs: '{confirm}', check: { confirm: true } },
  { attrs: '{confirm="Drop the table?"}', check: { confirm: 'Drop the table?' } },
  { attrs: '{confirm=false}', check: { confirm: undefined } },
  { attrs: '{continue-on-error}', check: { continueOnError: true } },
  { attrs: '{continue-on-error=no}', check: { continueOnError: false } },
  { attrs: '{interactive=maybe}', check: { interactive: false }, codes: ['bad-attribute-value'] },
  { attrs: '{when=windows}', check: { when: 'windows' } },
  { attrs: '{when=win32}', check: { when: undefined }, codes: ['bad-attribute-value'] },
  { attrs: '{shell=zsh}', check: { shell: 'zsh' } },
  { attrs: '{shell=fish}', check: { shell: 'fish' } },
  { attrs: '{shell=/bin/ksh}', check: { shell: '/bin/ksh' } },
  { attrs: '{shell="bash -e"}', check: { shell: undefined }, codes: ['bad-attribute-value'] },
  { attrs: '{cwd=/srv/app}', check: { cwd: '/srv/app' } },
  { attrs: '{cwd}', check: { cwd: undefined }, codes: ['bad-attribute-value'] },
  // Runme: `name` is the id whichever key comes first; the other id is kept as the alias.
  { attrs: '{#a name=b}', check: { id: 'b', alias: 'a' } },
  { attrs: '{"id":"01J5XTAB6M9WQ7E4R2K8N3P0ZC","name":"ci-coverage"}', check: { id: 'ci-coverage', alias: '01J5XTAB6M9WQ7E4R2K8N3P0ZC' } },
  { attrs: '{name=ci-coverage id=01J5XTAB6M9WQ7E4R2K8N3P0ZC}', check: { id: 'ci-coverage', alias: '01J5XTAB6M9WQ7E4R2K8N3P0ZC' } },
  { attrs: '{"id":"01J5XTAB6M9WQ7E4R2K8N3P0ZC"}', check: { id: '01J5XTAB6M9WQ7E4R2K8N3P0ZC', alias: undefined } },
  { attrs: '{name=same id=same}', check: { id: 'same', alias: undefined } },
  { attrs: '{#a id=b}', check: { id: 'a' }, codes: ['bad-attribute-value'] },
  { attrs: '{name=a name=b}', check: { id: 'a' }, codes: ['bad-attribute-value'] },
  // Names with spaces become their slug, with an information note (never an error).
  { attrs: '{"id":"has space"}', check: { id: 'has-space' }, codes: ['id-slug'] },
  { attrs: '{"name":"CI  Coverage (nightly)"}', check: { id: 'ci-coverage-nightly' }, codes: ['id-slug'] },
  { attrs: '{"name":"! ?"}', check: { id: undefined }, codes: ['id-slug'] },
  // Runme attributes Runbook honours, and those it notes.
  { attrs: '{excludeFromRunAll}', check: { excludeFromRunAll: true } },
  { attrs: '{"excludeFromRunAll":"true"}', check: { excludeFromRunAll: true } },
  { attrs: '{ignore=true}', check: { norun: true } },
  { attrs: '{ignore=false}', check: { norun: false } },
  { attrs: '{transform=false}', check: { norun: true } },
  { attrs: '{transform=true}', check: { norun: false } },
  { attrs: '{background=false promptEnv=no}', check: {} },
  { attrs: '{background=true}', check: {}, codes: ['foreign-attribute'] },
  { attrs: '{"terminalRows":"20","category":"ci","promptEnv":"auto","interpreter":"zsh","mimeType":"text/plain","closeTerminalOnSuccess":"false","skipPrompts":true,"tag":"x"}', check: {}, codes: Array(8).fill('foreign-attribute') },
  { attrs: '{tmeout=5s}', check: {}, codes: ['unknown-attribute'] },
  { attrs: '{excludeFromRunAll=true}', check: { excludeFromRunAll: true } },
];

for (const c of valueCases) {
  test(`attribute values ${c.attrs}`, () => {
    const out: Diagnostic[] = [];
    const settings = readStepSettings(parseInfoString(`bash ${c.attrs}`, 4).entries, 1, out);
    for (const [k, v] of Object.entries(c.check)) assert.deepEqual((settings as unknown as Record<string, unknown>)[k], v, k);
    assert.deepEqual(out.map((d) => d.code), c.codes ?? []);
  });
}

test('unknown attributes get a did-you-mean suggestion in message and data', () => {
  const out: Diagnostic[] = [];
  readStepSettings(parseInfoString('bash {expct="x" zzzzzz}', 4).entries, 3, out);
  assert.equal(out.length, 2);
  assert.match(out[0]!.message, /did you mean 'expect'\?/);
  assert.deepEqual(out[0]!.data, { suggestion: 'expect' });
  assert.equal(out[1]!.data, undefined);
  assert.match(out[1]!.message, /known attributes are id, name, title/);
});

test('normalised attributes reach the steps of a document', () => {
  const steps = codeSteps(parseFixture('attributes.md'));
  const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
  assert.deepEqual(Object.keys(byId), ['pandoc', 'runme', 'json-style', 'all-keys', 'esc', 'attributes-6']);
  assert.equal(byId.pandoc!.title, 'Quoted title');
  assert.equal(byId.pandoc!.timeoutMs, 300_000);
  assert.deepEqual(byId.pandoc!.classes, ['wide', 'tall']);
  assert.equal(byId.runme!.confirm, 'Really?');
  assert.equal(byId.runme!.interactive, false);
  assert.deepEqual(byId['json-style']!.expectExit, [0, 3010]);
  assert.equal(byId['json-style']!.continueOnError, true);
  assert.equal(byId['json-style']!.expect, 'ok');
  const all = byId['all-keys']!;
  assert.deepEqual([all.cwd, all.when, all.shell, all.timeoutMs, all.interactive, all.continueOnError, all.expectExit], ['/tmp', 'linux', 'bash', 5_400_000, true, true, [2]]);
  assert.match(all.confirm!, /^Run '.+'\?$/, 'a bare confirm gets a default question');
  assert.equal(byId.esc!.title, "single 'quoted'");
  assert.ok(all.attributeRange, 'the {…} range is recorded');
  const runme = steps.find((s) => s.code === 'echo runme-only-keys\n')!;
  assert.equal(runme.excludeFromRunAll, true);
  assert.deepEqual(parseFixture('attributes.md').diagnostics.map((d) => [d.line, d.severity, d.code]), [[23, 'information', 'foreign-attribute']]);
});

test('timeouts beyond 7 days are refused, naming the maximum (step attribute and front matter)', () => {
  for (const [text, line] of [['```bash {timeout=600h}\ntrue\n```\n', 1], ['---\ntimeout: 169h\n---\n# T\n\n```bash\ntrue\n```\n', 2]] as const) {
    const rb = parseRunbook(text, { fileName: 'book.md' });
    const d = rb.diagnostics.find((x) => x.code === 'bad-timeout');
    assert.ok(d, JSON.stringify(rb.diagnostics));
    assert.equal(d.severity, 'error');
    assert.equal(d.line, line);
    assert.match(d.message, /longer than the maximum of 7 days \(168h\)/);
  }
  const ok = parseRunbook('```bash {timeout=168h}\ntrue\n```\n', { fileName: 'book.md' });
  assert.equal(ok.steps[0]!.kind === 'code' && ok.steps[0]!.timeoutMs, 168 * 3_600_000);
});
