// Language-service quick fixes for the Runme and front-matter diagnostics: a misspelt front-matter
// key becomes the key it is close to; a step name with spaces is written as its slug; no YAML
// declaration is offered inside TOML front matter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format';
import { RunbookLanguageService } from '../../src/core/language';
import { attributeTokens } from '../../src/core/language/attributeTokens';
import { applyEdits } from './server-harness';

const source = (text: string) => ({ uri: 'file:///runme.md', version: 1, getText: () => text });
const wholeLine = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 200 } });

test('a misspelt front-matter key gets "Change to" the Runbook key, and the fix lints clean', () => {
  const text = '---\nvariabels:\n  HOST: {default: web01}\nweight: 3\n---\n\n```bash\necho "$HOST"\n```\n';
  const service = new RunbookLanguageService();
  const diagnostics = service.diagnostics(source(text));
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['unknown-front-matter-key', 1], ['undeclared-variable', 7]]);
  const [fix] = service.codeActions(source(text), wholeLine(1));
  assert.equal(fix!.title, "Change to 'variables'");
  assert.equal(fix!.isPreferred, true);
  const fixed = applyEdits(text, fix!.edit!.changes!['file:///runme.md']!);
  assert.ok(fixed.startsWith('---\nvariables:\n'));
  assert.deepEqual(parseRunbook(fixed).diagnostics, [], 'weight stays silent; HOST is now declared');
});

test('a step name with spaces gets a fix that writes its slug, in JSON and Runme style', () => {
  for (const fence of ['```sh {"id":"01J5XTAB6M9WQ7E4R2K8N3P0ZC","name":"CI coverage"}', '```sh { name="CI coverage" interactive=false }']) {
    const text = `# T\n\n${fence}\necho hi\n\`\`\`\n`;
    const service = new RunbookLanguageService();
    const note = service.diagnostics(source(text)).find((d) => d.code === 'id-slug')!;
    assert.equal(note.severity, 3, 'information');
    const fix = service.codeActions(source(text), wholeLine(2)).find((a) => a.diagnostics?.[0]?.code === 'id-slug')!;
    assert.equal(fix.title, "Write the id as 'ci-coverage'");
    const fixed = applyEdits(text, fix.edit!.changes!['file:///runme.md']!);
    assert.ok(fixed.includes('ci-coverage') && !fixed.includes('CI coverage'), fixed);
    const after = parseRunbook(fixed);
    assert.deepEqual([after.steps[0]!.id, after.diagnostics], ['ci-coverage', []]);
  }
});

test('no YAML declaration is offered in TOML front matter', () => {
  const text = '+++\ntitle = "T"\n+++\n\n```bash\necho "$MISSING"\n```\n';
  const service = new RunbookLanguageService();
  assert.deepEqual(service.diagnostics(source(text)).map((d) => d.code), ['undeclared-variable']);
  assert.deepEqual(service.codeActions(source(text), wholeLine(5)), []);
});

test('attribute tokens read a nested JSON value as one value', () => {
  const line = '```sh {"name":"ci","env":{"CI":"1","N":[1,2]},"interactive":"false"}';
  const tokens = attributeTokens(line, line.indexOf('{'), line.length);
  assert.deepEqual(tokens.map((t) => [t.key, t.value]), [['name', 'ci'], ['env', '{"CI":"1","N":[1,2]}'], ['interactive', 'false']]);
});

test('no YAML key completion inside TOML front matter; YAML front matter still completes', () => {
  const service = new RunbookLanguageService();
  const toml = '+++\nti\n+++\n\n```bash\necho hi\n```\n';
  assert.deepEqual(service.completion(source(toml), { line: 1, character: 2 }), []);
  const yaml = '---\nti\n---\n\n```bash\necho hi\n```\n';
  assert.ok(new RunbookLanguageService().completion(source(yaml), { line: 1, character: 2 }).some((i) => i.label === 'title'));
});
