// The panel: one per document, the webview's `rendered` report (a real message round-trip through
// the typed protocol), live updates on edit, and disposal when the tab closes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, nextRendered, openRunbookPanel, runbookTabs, workspaceFile } from './util';

describe('runbook panel', () => {
  afterEach(closeAllEditors);

  it('renders a runbook as one card per step and reports back how many', async () => {
    const uri = await writeRunbook('cards.md', '# Cards\n\n```bash\necho one\n```\n\n- [ ] looked\n\n```sh\necho two\n```\n\n```text\nnot a step\n```\n');
    const { document, rendered } = await openRunbookPanel(uri);
    assert.equal(document.trusted, true);
    assert.equal(document.runbook.steps.filter((s) => s.kind === 'code').length, 2);
    assert.equal(rendered.stepCount, 2, 'the webview shows one card per step fence, none for the text fence');
  });

  it('renders the sample hello.md with a card for every step the parser found', async () => {
    const { document, rendered } = await openRunbookPanel('hello.md');
    const codeSteps = document.runbook.steps.filter((s) => s.kind === 'code').length;
    assert.ok(codeSteps > 0, 'hello.md has steps');
    assert.equal(rendered.stepCount, codeSteps);
    assert.equal(rendered.checkCount, document.runbook.steps.filter((s) => s.kind === 'check').length);
  });

  it('opens exactly one panel per document and reveals it when asked again', async () => {
    const { api, uri } = await openRunbookPanel('hello.md');
    await vscode.commands.executeCommand('runbook.open', uri);
    await vscode.commands.executeCommand('runbook.openToSide', uri);
    assert.deepEqual(api.openPanels(), [uri.toString()]);
    assert.equal(runbookTabs().length, 1);
  });

  it('opens a second panel for a second document, beside the first', async () => {
    const first = await openRunbookPanel('hello.md');
    const second = await openRunbookPanel(await writeRunbook('second.md', '# Second\n\n```bash\necho two\n```\n'), 'runbook.openToSide');
    assert.equal(second.rendered.stepCount, 1);
    assert.deepEqual([...first.api.openPanels()].sort(), [first.uri.toString(), second.uri.toString()].sort());
    const tabs = runbookTabs();
    assert.equal(tabs.length, 2);
    assert.notEqual(tabs[0]!.group.viewColumn, tabs[1]!.group.viewColumn, 'to the side means another editor group');
  });

  it('re-renders when the Markdown is edited', async () => {
    const uri = await writeRunbook('edited.md', '# Edited\n\n```bash\necho one\n```\n');
    const { api, rendered } = await openRunbookPanel(uri);
    assert.equal(rendered.stepCount, 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    const next = nextRendered(api, uri, 'the render after an edit');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount, 0), '\n```sh\necho two\n```\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal((await next).stepCount, 2);
  });

  it('forgets the panel when its tab is closed', async () => {
    const { api, uri } = await openRunbookPanel('hello.md');
    assert.deepEqual(api.openPanels(), [uri.toString()]);
    await vscode.window.tabGroups.close(runbookTabs());
    assert.deepEqual(api.openPanels(), []);
    const reopened = await openRunbookPanel(uri);
    assert.ok(reopened.rendered.stepCount > 0, 'a closed panel opens again from scratch');
  });
});

async function writeRunbook(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}
