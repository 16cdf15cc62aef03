// Plain Markdown readers pay nothing (issue 16): a README with a ```bash fence loads no more than
// the small activation bundle, starts no language server and gets no CodeLens, gutters or
// diagnostics; files under runbooks/, with runbook front matter or opened with Open Runbook get
// them. Runs first in the suite (file order), so the window is fresh: nothing has loaded the
// extension's full part yet.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { liveProcesses } from '../harness/processes';
import { closeAllEditors, getApi, openRunbookPanel, waitFor, workspaceFile } from './util';

const DUPLICATE_STEPS = '```bash {#build}\nmake\n```\n\n```bash {#build}\nmake install\n```\n';
const README = `# Project\n\nBuild it:\n\n${DUPLICATE_STEPS}`;

/** Whether this extension host has loaded dist/<name>.js (the tests run in it). */
const bundleLoaded = (name: string) => Object.keys(require.cache).some((file) => file.replace(/\\/g, '/').endsWith(`/dist/${name}.js`));
const fullPartLoaded = () => bundleLoaded('extension-full');

/**
 * Resolves after Runbook's runbook check, which waits for the Markdown extension to be active
 * (src/extension/afterMarkdown.ts): both wait on the same activation, and the check runs in the
 * microtasks that follow it, before the next macrotask.
 */
async function markdownStartedAndChecked(): Promise<void> {
  await vscode.extensions.getExtension('vscode.markdown-language-features')?.activate();
  await new Promise((resolve) => setImmediate(resolve));
}

/** Language-server processes started by this extension host. */
const languageServers = () => liveProcesses().filter((p) => p.ppid === process.pid && /dist[\\/]server\.js/.test(p.cmdline));

async function runbookLenses(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.command?.command.startsWith('runbook.')).map((l) => l.command!.title);
}

const duplicateIds = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'runbook' && d.code === 'duplicate-id');

/** Resolves once `uri` has a duplicate-id diagnostic from the Runbook language server. */
function duplicateReported(uri: vscode.Uri): Promise<unknown> {
  if (duplicateIds(uri).length) return Promise.resolve();
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => duplicateIds(uri).length > 0, `a duplicate-id diagnostic on ${uri.path}`, 60_000);
}

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

describe('what makes a file a runbook (trusted, remote)', () => {
  const created: vscode.Uri[] = [];
  let readme: vscode.Uri;

  before(async () => {
    readme = await write('README.md', README);
    created.push(readme);
  });

  after(async () => {
    await closeAllEditors();
    for (const uri of created) await vscode.workspace.fs.delete(uri);
  });

  it('a plain README with a bash fence: only the small bundle, no language server, no CodeLens, no gutters', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme));
    const api = await getApi();
    await markdownStartedAndChecked();
    assert.equal(bundleLoaded('extension-files'), true, 'the runbook check ran once Markdown had started');
    assert.equal(fullPartLoaded(), false, 'dist/extension-full.js stays unloaded');
    assert.deepEqual(languageServers(), [], 'no language server process');
    assert.deepEqual(await runbookLenses(readme), []);
    assert.deepEqual(api.gutters(readme.toString()), {});
    assert.equal(api.statusBarText, '');
  });

  it('a file under runbooks/ is a runbook: CodeLens, the language server and its diagnostics (the README still has none)', async () => {
    const uri = await write('runbooks/build.md', `# Build\n\n${DUPLICATE_STEPS}`);
    created.push(uri);
    const reported = duplicateReported(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await reported;
    assert.equal(fullPartLoaded(), true);
    assert.equal(languageServers().length, 1, 'one language server');
    assert.deepEqual(await runbookLenses(uri), ['$(play) Run step', '$(run-below) Run from here', '$(play) Run step', '$(run-below) Run from here']);
    // The server lints open documents in the order they were opened: the README came first.
    assert.deepEqual(duplicateIds(readme), [], 'no diagnostics on the plain README');
    assert.deepEqual(await runbookLenses(readme), [], 'still no CodeLens on the plain README');
  });

  it('runbook front matter makes a runbook, also when the author types it into a plain file', async () => {
    const declared = await write('declared.md', `---\nshell: bash\n---\n# Declared\n\n${DUPLICATE_STEPS}`);
    const typed = await write('typed.md', `# Typed\n\n${DUPLICATE_STEPS}`);
    created.push(declared, typed);
    const reported = duplicateReported(declared);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(declared));
    await reported;
    assert.equal((await runbookLenses(declared)).length, 4);

    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(typed));
    assert.deepEqual(await runbookLenses(typed), [], 'not a runbook yet');
    const typedReported = duplicateReported(typed);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '---\nrunbook: true\n---\n'));
    await typedReported;
    assert.equal((await runbookLenses(typed)).length, 4);
    await editor.document.save(); // so closing the editor does not ask
  });

  it('Open Runbook makes the README a runbook in this workspace: CodeLens and diagnostics follow', async () => {
    const reported = duplicateReported(readme);
    await openRunbookPanel(readme);
    await reported;
    assert.equal((await runbookLenses(readme)).length, 4);
  });
});
