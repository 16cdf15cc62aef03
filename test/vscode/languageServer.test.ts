// The language server in the real VS Code (remote extension host): diagnostics on a duplicate id,
// completion of `timeout` inside fence braces, and the quick fix that gives the duplicate a new id;
// the placeholder fix; a here-document never closed, refused by the panel until its fix is applied.
// Waits on diagnostics events, never on time.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, getApi, openRunbookPanel, waitFor, workspaceFile } from './util';

const RUNBOOK = ['# Duplicate ids', '', '```bash {#restart}', 'echo one', '```', '', '```bash {#restart }', 'echo two', '```', ''].join('\n');

function runbookDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'runbook' && d.code === code);
}

/** Resolves once `uri`'s diagnostics satisfy `ok` (now or on a later change). */
function diagnosticsSettle(uri: vscode.Uri, ok: () => boolean, what: string): Promise<unknown> {
  const changed = waitFor(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri.toString()) && ok(), what, 60_000);
  return ok() ? Promise.resolve() : changed;
}

describe('language server (trusted, remote)', () => {
  const uri = workspaceFile('runbooks/language-server-duplicate.md') // under runbooks/: a runbook by the default globs;

  before(async () => {
    await getApi();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(RUNBOOK, 'utf8'));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('reports the duplicate id as an error at the later fence once the runbook opens', async () => {
    const reported = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'duplicate-id').length > 0, 'a duplicate-id diagnostic');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await reported;
    const [duplicate] = runbookDiagnostics(uri, 'duplicate-id');
    assert.equal(duplicate!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(duplicate!.range.start.line, 6, 'the second `#restart`');
    assert.match(duplicate!.message, /already used by the step at line 3/);
  });

  it('offers `timeout` when completing inside the braces', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(6, 18));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('timeout'), `completion offered: ${labels.join(', ')}`);
    const timeout = list.items.find((i) => i.label === 'timeout')!;
    assert.match(typeof timeout.documentation === 'string' ? timeout.documentation : timeout.documentation!.value, /Kills the step/);
  });

  it('fixes the duplicate with its code action, and the diagnostic goes away', async () => {
    const [duplicate] = runbookDiagnostics(uri, 'duplicate-id');
    assert.ok(duplicate, 'the duplicate-id diagnostic is still there');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, duplicate.range);
    const fix = actions.find((a) => a.title.startsWith("Rename this step's id"));
    assert.ok(fix?.edit, `code actions offered: ${actions.map((a) => a.title).join(', ')}`);
    const cleared = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'duplicate-id').length === 0, 'the duplicate-id diagnostic to clear');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    await cleared;
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(document.getText().includes('```bash {#restart-2 }'), document.getText());
    await document.save(); // so closing the editor does not ask
  });
});

/**
 * The code action whose title starts with `prefix`. The command asks every provider, the built-in
 * Markdown one too, and fails as a whole when one is cancelled (seen on a loaded machine just after
 * a document opened), so it is asked again: each round trip lets the servers catch up; no timer.
 */
async function codeActionTitled(uri: vscode.Uri, range: vscode.Range, prefix: string): Promise<vscode.CodeAction> {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
      const fix = actions.find((a) => a.title.startsWith(prefix) && a.edit);
      if (fix) return fix;
      seen.push(`[${actions.map((a) => a.title).join(', ')}]`);
    } catch (error) {
      seen.push(String(error));
    }
  }
  assert.fail(`no code action '${prefix}…'; offered: ${seen.join('; ')}`);
}

describe('language server: placeholders (trusted, remote)', () => {
  const uri = workspaceFile('runbooks/language-server-placeholder.md');
  const TEXT = ['# Pod restarts', '', '```bash', 'kubectl -n <namespace> describe pod <pod>', 'kubectl -n <namespace> logs <pod>', '```', ''].join('\n');

  before(async () => {
    await getApi();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(TEXT, 'utf8'));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('warns at each placeholder, and the quick fix declares the variable and writes it everywhere', async () => {
    const reported = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'placeholder').length === 4, 'four placeholder warnings');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await reported;
    const [namespace] = runbookDiagnostics(uri, 'placeholder');
    assert.equal(namespace!.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([namespace!.range.start.line, namespace!.range.start.character, namespace!.range.end.character], [3, 11, 22]);
    assert.match(namespace!.message, /bash would read <namespace as a redirection/);
    const fix = await codeActionTitled(uri, namespace!.range, 'Replace <namespace>');
    const fewer = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'placeholder').length === 2, 'the <namespace> warnings to clear');
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    await fewer;
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(document.getText().startsWith('---\nvariables:\n  NAMESPACE:\n    description: namespace\n---\n'), document.getText());
    assert.ok(document.getText().includes('kubectl -n "$NAMESPACE" logs <pod>'), document.getText());
    await document.save();
  });
});

describe('language server and panel: a here-document never closed (trusted, remote)', () => {
  const uri = workspaceFile('runbooks/language-server-unclosed.md');
  const written = () => path.join(path.dirname(uri.fsPath), 'unclosed-app.conf');
  const TEXT = ['# Config', '', '```bash', 'cat <<EOF > unclosed-app.conf', 'key=value', '```', ''].join('\n');

  before(async () => {
    await getApi();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(TEXT, 'utf8'));
  });

  after(async () => {
    rmSync(written(), { force: true });
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('warns and refuses the step; the quick fix closes it, and then the step runs', async () => {
    const reported = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'unclosed-command').length === 1, 'an unclosed-command warning');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await reported;
    const [warning] = runbookDiagnostics(uri, 'unclosed-command');
    assert.equal(warning!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning!.range.start.line, 3);
    assert.match(warning!.message, /^the here-document <<EOF opened on line 4 is never closed by a 'EOF' line/);
    // The panel refuses it with the same reason, and nothing of it runs.
    const { api } = await openRunbookPanel(uri);
    await vscode.commands.executeCommand('runbook.runStep', uri, 'config-1');
    const refused = (await api.runState(uri.toString())).steps['config-1'];
    assert.equal(refused?.status, 'failed');
    assert.match(refused?.reason ?? '', /^not run: the here-document <<EOF opened on line 4 is never closed/);
    assert.ok(!existsSync(written()), 'nothing of the step ran');

    const fix = await codeActionTitled(uri, warning!.range, "Close the here-document with a 'EOF' line");
    const cleared = diagnosticsSettle(uri, () => runbookDiagnostics(uri, 'unclosed-command').length === 0, 'the warning to clear');
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    await cleared;
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), ['# Config', '', '```bash', 'cat <<EOF > unclosed-app.conf', 'key=value', 'EOF', '```', ''].join('\n'));
    await document.save();
    await vscode.commands.executeCommand('runbook.runStep', uri, 'config-1');
    const ran = (await api.runState(uri.toString())).steps['config-1'];
    assert.equal(ran?.status, 'passed', JSON.stringify(ran));
    assert.equal(readFileSync(written(), 'utf8'), 'key=value\n');
  });
});
