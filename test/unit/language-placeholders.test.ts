// The quick fix for a `placeholder` warning: the placeholder becomes a variable reference at every
// place it is flagged, and the variable is declared in the front matter (created when absent), so
// the fixed runbook lints clean and the run asks for the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunbook } from '../../src/core/format';
import { RunbookLanguageService } from '../../src/core/language';
import { missingVariables } from '../../src/core/executor/missingVariables';
import { applyEdits } from './server-harness';

const URI = 'file:///w/disk.md';
const source = (text: string, version = 1) => ({ uri: URI, version, getText: () => text });

/** Applies the placeholder fix offered at the first placeholder warning until none is left. */
function fixAll(text: string): { text: string; titles: string[] } {
  const service = new RunbookLanguageService();
  const titles: string[] = [];
  for (let version = 1; ; version++) {
    const doc = source(text, version);
    const first = service.diagnostics(doc).find((d) => d.code === 'placeholder');
    if (!first) return { text, titles };
    const fix = service.codeActions(doc, first.range).find((a) => a.diagnostics?.[0]?.code === 'placeholder');
    assert.ok(fix, `a fix for ${first.message}`);
    assert.equal(fix.isPreferred, true);
    titles.push(fix.title);
    text = applyEdits(text, fix.edit!.changes![URI]!);
  }
}

test('every placeholder becomes a variable the run asks for; the front matter is created', () => {
  const text = [
    '# PVC filling up', '',
    '```console',
    "$ NODE_NAME='<value of instance label from alert>'",
    '$ kubectl -n <my-namespace> get pvc <my-pvc>',
    '$ kubectl -n <my-namespace> delete pod <pod>_0',
    '```', '',
  ].join('\n');
  const fixed = fixAll(text);
  assert.deepEqual(fixed.titles, [
    `Replace '<value of instance label from alert>' with "$INSTANCE", a variable the run asks for`,
    'Replace <my-namespace> with "$NAMESPACE" (2 places), a variable the run asks for',
    'Replace <my-pvc> with "$PVC", a variable the run asks for',
    'Replace <pod> with ${POD}, a variable the run asks for',
  ]);
  assert.equal(fixed.text, [
    '---', 'variables:',
    '  INSTANCE:', '    description: value of instance label from alert',
    '  NAMESPACE:', '    description: my-namespace',
    '  PVC:', '    description: my-pvc',
    '  POD:', '    description: pod',
    '---', '',
    '# PVC filling up', '',
    '```console',
    '$ NODE_NAME="$INSTANCE"',
    '$ kubectl -n "$NAMESPACE" get pvc "$PVC"',
    '$ kubectl -n "$NAMESPACE" delete pod ${POD}_0',
    '```', '',
  ].join('\n'));
  const rb = parseRunbook(fixed.text);
  assert.deepEqual(rb.diagnostics, []);
  assert.deepEqual(missingVariables(rb, rb.steps, {}).map((m) => m.name), ['INSTANCE', 'NAMESPACE', 'PVC', 'POD']);
});

test('an already declared variable is only referenced; a self-assignment keeps its name and is still asked', () => {
  const text = '---\ntitle: Targets\nvariables:\n  NAMESPACE:\n    description: Namespace of the alert\n---\n\n```bash\nNAMESPACE="<value of namespace label from alert>"\noc -n <namespace> get pods\n```\n';
  const fixed = fixAll(text);
  assert.equal(fixed.text, '---\ntitle: Targets\nvariables:\n  NAMESPACE:\n    description: Namespace of the alert\n---\n\n```bash\nNAMESPACE="$NAMESPACE"\noc -n "$NAMESPACE" get pods\n```\n');
  const rb = parseRunbook(fixed.text);
  assert.deepEqual(rb.diagnostics, []);
  assert.deepEqual(missingVariables(rb, rb.steps, {}).map((m) => m.name), ['NAMESPACE']);
});

test('PowerShell and cmd steps get their own references; a description YAML would misread is quoted', () => {
  const text = '---\nvariables:\n  HOST: {default: web01}\n---\n\n```pwsh\nRestart-Service -ComputerName <server:port> -Name <service>\n```\n\n```cmd\nsc query <service>\n```\n';
  const fixed = fixAll(text);
  assert.equal(fixed.text, '---\nvariables:\n  HOST: {default: web01}\n  SERVER_PORT:\n    description: "server:port"\n  SERVICE:\n    description: service\n---\n\n```pwsh\nRestart-Service -ComputerName $env:SERVER_PORT -Name $env:SERVICE\n```\n\n```cmd\nsc query %SERVICE%\n```\n');
  assert.deepEqual(parseRunbook(fixed.text).diagnostics, []);
});

test('no fix where the declaration cannot be written (TOML front matter): the warning stays', () => {
  const text = '+++\ntitle = "T"\n+++\n\n```bash\nkubectl logs <pod>\n```\n';
  const service = new RunbookLanguageService();
  const [warning] = service.diagnostics(source(text)).filter((d) => d.code === 'placeholder');
  assert.ok(warning);
  assert.deepEqual(service.codeActions(source(text), warning.range), []);
});

test('a placeholder for a password or token is declared secret: asked hidden, masked in output', () => {
  const fixed = fixAll('# Login\n\n```bash\noc login -u <username> -p <password>\n```\n');
  // USERNAME is Windows' own variable: declaring it would change it for every step.
  assert.equal(fixed.text, '---\nvariables:\n  USERNAME_VALUE:\n    description: username\n  PASSWORD:\n    description: password\n    secret: true\n---\n\n# Login\n\n```bash\noc login -u "$USERNAME_VALUE" -p "$PASSWORD"\n```\n');
  const rb = parseRunbook(fixed.text);
  assert.deepEqual(rb.variables.map((v) => [v.name, v.secret]), [['USERNAME_VALUE', false], ['PASSWORD', true]]);
  assert.deepEqual(rb.diagnostics, []);
});
