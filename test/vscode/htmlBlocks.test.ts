// Issue 13: a step an admin commented out (`<!-- … -->`) or wrapped in `<div>` is HTML, as on
// GitHub and in VS Code's preview — the panel shows no card for it, Run all does not run it and
// no CodeLens sits on it.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, openRunbookPanel, workspaceFile } from './util';

const RUNBOOK = `# Disabled steps

Runs.

\`\`\`bash {#visible}
touch ran-visible.flag
\`\`\`

<!-- Disabled until CHG-77:
\`\`\`bash
touch ran-commented.flag
\`\`\`
-->

<div>
\`\`\`bash
touch ran-div.flag
\`\`\`
</div>
`;

describe('runbook: steps inside HTML blocks', () => {
  afterEach(closeAllEditors);

  it('a commented-out step is neither a card, nor run by Run all, nor given a CodeLens', async function () {
    this.timeout(60_000);
    const flags = ['ran-visible.flag', 'ran-commented.flag', 'ran-div.flag'].map((f) => workspaceFile(f).fsPath);
    for (const f of flags) rmSync(f, { force: true });
    const uri = workspaceFile('html-comment-steps.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));

    const { api, document, rendered } = await openRunbookPanel(uri);
    assert.deepEqual(document.runbook.steps.map((s) => s.id), ['visible']);
    assert.equal(rendered.stepCount, 1, 'one card: the commented-out and <div> fences are not steps');

    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lensLines = [...new Set(lenses.map((l) => l.range.start.line + 1))];
    assert.deepEqual(lensLines, [RUNBOOK.split('\n').indexOf('```bash {#visible}') + 1], 'CodeLens only on the visible step');

    await vscode.commands.executeCommand('runbook.runAll', uri);
    const state = await api.runState(uri.toString());
    assert.deepEqual(Object.keys(state.steps), ['visible']);
    assert.equal(state.steps.visible?.status, 'passed');
    assert.deepEqual(flags.map((f) => existsSync(f)), [true, false, false], 'only the visible step ran');
    for (const f of flags) rmSync(f, { force: true });
  });
});
