// Runme files and static-site front matter lint clean: `name` is the step id (Runme's ULID `id`
// kept as the alias), JSON attributes with nested values parse, names with spaces become slugs,
// excludeFromRunAll / ignore / transform are honoured, Runme-only keys are information, any
// shell is accepted, TOML (`+++`) front matter is read, and other tools' keys are silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, type CodeStep, type Runbook } from '../../src/core/format';
import { attributeBadges } from '../../src/webview/format';

const RUNME = join(__dirname, '..', 'fixtures', 'runme');
const parse = (name: string): Runbook => parseRunbook(readFileSync(join(RUNME, name), 'utf8'), { fileName: name });
const code = (r: Runbook) => r.steps.filter((s): s is CodeStep => s.kind === 'code');
const codes = (r: Runbook, severity: string) => r.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.line} ${d.code}`);

test('a Runme file lints without errors and keeps its names as ids', () => {
  const r = parse('ci-tasks.md');
  assert.deepEqual(codes(r, 'error'), []);
  // Keys that are neither Runbook's nor Runme's (`env`, `retries` here) still get the usual warning.
  assert.deepEqual(codes(r, 'warning'), ['21 unknown-attribute', '21 unknown-attribute']);
  const steps = code(r);
  assert.deepEqual(steps.map((s) => s.id), ['setup-env', 'ci-coverage', 'upload-the-report', 'publish-report', 'wipe-cache', 'in-ksh', 'explicit-bash']);
  const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
  assert.equal(byId['setup-env']!.alias, '01J5XT4A1B2C3D4E5F6G7H8J9K');
  assert.equal(byId['ci-coverage']!.alias, '01J5XT5M6N7P8Q9R0S1T2V3W4X');
  assert.equal(byId['publish-report']!.alias, undefined);
  // Nested JSON values parse as JSON (they used to be "malformed"); the raw value keeps the JSON text.
  assert.deepEqual(JSON.parse(String(byId['ci-coverage']!.attributes.env)), { CI: '1', DEPTH: 3 });
  assert.equal(byId['ci-coverage']!.attributes.retries, '[1,2]');
  assert.equal(byId['wipe-cache']!.excludeFromRunAll, true);
  assert.equal(byId['setup-env']!.excludeFromRunAll, undefined);
  // ignore=true and transform=false are documentation: no step, no id.
  assert.ok(!steps.some((s) => s.code.includes('documentation')));
  // shell: ksh in the front matter: `shell` fences run with it; explicit sh/bash fences as written.
  assert.equal(r.shell, 'ksh');
  assert.deepEqual([byId['in-ksh']!.runner, byId['setup-env']!.runner, byId['explicit-bash']!.runner], ['other-shell', 'sh', 'bash']);
  assert.equal(byId['explicit-bash']!.cwd, '/tmp', 'Runme cwd is honoured');
});

test('Runme-only keys are information notes that say what Runbook does instead', () => {
  const r = parse('ci-tasks.md');
  const info = r.diagnostics.filter((d) => d.severity === 'information');
  const text = (code: string, word: string) => info.find((d) => d.code === code && d.message.startsWith(word))?.message;
  assert.match(text('foreign-front-matter-key', 'runme')!, /path and the SHA-256/);
  assert.match(text('foreign-front-matter-key', 'terminalRows')!, /ignored/);
  assert.match(text('foreign-attribute', 'terminalRows')!, /step card/);
  assert.match(text('foreign-attribute', 'promptEnv')!, /declare the variable under variables:/);
  assert.match(text('foreign-attribute', 'category')!, /--only/);
  assert.match(text('foreign-attribute', 'background')!, /nohup/);
  assert.equal(info.filter((d) => d.code === 'foreign-attribute' && d.message.startsWith('background')).length, 1, 'background=false needs no note');
  const slugs = info.filter((d) => d.code === 'id-slug');
  assert.deepEqual(slugs.map((d) => d.data?.suggestion), ['upload-the-report', 'publish-report']);
  assert.match(slugs[0]!.message, /'Upload the report' has spaces: the step id is 'upload-the-report'/);
  // Runme's id (a ULID) never becomes the step id, and never a duplicate or conflicting id.
  assert.ok(!r.diagnostics.some((d) => /01J5XT/.test(d.message)));
});

test('any shell name is accepted in the front matter and in shell=; a non-name is an error', () => {
  for (const shell of ['fish', 'dash', 'mksh', '/usr/local/bin/ksh93', 'pwsh']) {
    const r = parseRunbook(`---\nshell: ${shell}\n---\n\n\`\`\`shell\necho hi\n\`\`\`\n\n\`\`\`bash {shell=${shell}}\necho hi\n\`\`\`\n`);
    assert.deepEqual(r.diagnostics, [], shell);
    assert.equal(r.shell, shell);
    const expected = shell === 'pwsh' ? 'pwsh' : 'other-shell';
    assert.deepEqual(code(r).map((s) => s.runner), [expected, expected], shell);
  }
  const bad = parseRunbook('---\nshell: "bash -e"\n---\n');
  assert.deepEqual(codes(bad, 'error'), ['2 bad-front-matter-value']);
  assert.match(bad.diagnostics[0]!.message, /not a program name/);
});

test('TOML front matter (+++) gives the same settings and variables, with source text and lines', () => {
  const r = parse('hugo-toml.md');
  assert.deepEqual(r.diagnostics, [], 'Hugo keys (weight, draft, tags) are silent');
  assert.deepEqual([r.title, r.shell, r.timeoutMs, r.frontMatter?.format, r.frontMatter?.endLine], ['Rotate the TLS certificate', 'dash', 300_000, 'toml', 17]);
  assert.deepEqual(r.variables, [
    { name: 'DOMAIN', description: 'Site to renew', default: 'example.org', secret: false, required: false, line: 10 },
    { name: 'PORT', default: '8443', secret: false, required: false, line: 11 },
    { name: 'SIZE', default: '1e3', secret: false, required: false, line: 12 },
    { name: 'TOKEN', secret: true, description: 'ACME account token', required: false, line: 14 },
  ]);
  assert.equal(code(r)[0]!.line, 21, 'the body keeps its line numbers');
  assert.equal(code(r)[0]!.runner, 'other-shell');
});

test('TOML errors name the line, and TOML near-misses warn like YAML ones', () => {
  const broken = parseRunbook('+++\ntitle = "x"\nshell = \n+++\n# Body\n');
  assert.deepEqual(codes(broken, 'error'), ['3 invalid-toml']);
  assert.match(broken.diagnostics[0]!.message, /invalid TOML in the front matter: .+ Fix the TOML between the '\+\+\+' lines/);
  const typo = parseRunbook('+++\n[variabels]\nA = "1"\n+++\n');
  assert.deepEqual(typo.diagnostics.map((d) => [d.line, d.code, d.data?.suggestion]), [[2, 'unknown-front-matter-key', 'variables']]);
  const badVar = parseRunbook('+++\n[variables.TOKEN]\nsecret = "yes"\n+++\n');
  assert.deepEqual(codes(badVar, 'error'), ['2 bad-variable']);
});

test('static-site front matter is silent; a near miss of a Runbook key warns with the key to use', () => {
  assert.deepEqual(parse('site-keys.md').diagnostics, []);
  const cases: [string, string][] = [['variabels', 'variables'], ['varaibles', 'variables'], ['tilte', 'title'], ['timout', 'timeout'], ['shel', 'shell'], ['descripton', 'description'], ['pwd', 'cwd']];
  for (const [typo, key] of cases) {
    const r = parseRunbook(`---\n${typo}: x\n---\n`);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.code, d.data?.suggestion, d.line, d.column, d.endColumn]), [['warning', 'unknown-front-matter-key', key, 2, 1, typo.length + 1]], typo);
    assert.match(r.diagnostics[0]!.message, new RegExp(`did you mean '${key}'\\?`));
  }
  for (const quiet of ['id', 'type', 'tags', 'date', 'draft', 'weight', 'style', 'theme', 'slug', 'author', 'toc', 'menu', 'layout', 'aliases']) {
    assert.deepEqual(parseRunbook(`---\n${quiet}: x\n---\n`).diagnostics, [], quiet);
  }
});

test('variable defaults, choices and text settings keep their source text', () => {
  const r = parseRunbook([
    '---', 'cwd: ~', 'title: 2024', 'variables:',
    '  ZIP: 01234', '  SIZE: {default: 1e3}', '  MASK:', '    default: 0x1F', '  ANSWER: {default: yes}',
    '  HOME_DIR: {default: ~}', '  PRICE: {default: 1.50}', '  QUOTED: {default: "007"}', '  LEVEL: {choices: [01, 02], default: 01}',
    '  EMPTY:', '---', '',
  ].join('\n'));
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.cwd, '~');
  assert.equal(r.title, '2024');
  const defaults = Object.fromEntries(r.variables.map((v) => [v.name, v.default]));
  assert.deepEqual(defaults, { ZIP: '01234', SIZE: '1e3', MASK: '0x1F', ANSWER: 'yes', HOME_DIR: '~', PRICE: '1.50', QUOTED: '007', LEVEL: '01', EMPTY: undefined });
  assert.deepEqual(r.variables.find((v) => v.name === 'LEVEL')!.choices, ['01', '02']);
});

test('the step card shows "not in Run all" for an excludeFromRunAll step, and only then', () => {
  const steps = code(parse('ci-tasks.md'));
  const badges = (id: string) => attributeBadges(steps.find((s) => s.id === id)!).map(([label]) => label);
  assert.ok(badges('wipe-cache').includes('not in Run all'));
  assert.ok(!badges('setup-env').includes('not in Run all'));
});

test('hostile TOML front matter is one clear error, never a crash or a stall', () => {
  const cases = ['[' + 'a.'.repeat(20000) + 'b]', 'a = ' + '['.repeat(5000) + ']'.repeat(5000), 'a = {b = "' + 'x'.repeat(60000) + '"}'];
  for (const body of cases) {
    const started = process.hrtime.bigint();
    const r = parseRunbook(`+++\n${body}\n+++\n# Body\n`);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5000, 'parsed in time');
    assert.ok(r.diagnostics.every((d) => d.code === 'invalid-toml' && d.line === 2), JSON.stringify(r.diagnostics));
    assert.equal(r.title, 'Body');
  }
});
