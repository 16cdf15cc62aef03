// A step with a placeholder in the real VS Code panel: Run refuses it with the same reason as
// `runbook run` (one rule in the core), and no line of it runs (the marker file is never created).
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, openRunbookPanel, workspaceFile } from './util';

const RUNBOOK = `# Placeholder test

Delete the pod:

\`\`\`bash
touch placeholder-ran
kubectl delete pod <pod>
\`\`\`
`;

describe('runbook notebook: placeholders', () => {
  const marker = () => path.join(workspaceFile('').fsPath, 'placeholder-ran');
  const uri = workspaceFile('placeholder-test.md');
  after(async () => {
    rmSync(marker(), { force: true });
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('refuses the step with the placeholder named, and nothing of it runs', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    rmSync(marker(), { force: true });
    const { api, rendered } = await openRunbookPanel(uri);
    assert.equal(rendered.stepCount, 1);
    await vscode.commands.executeCommand('runbook.runStep', uri, 'placeholder-test-1');
    const state = await api.runState(uri.toString());
    const step = state.steps['placeholder-test-1'];
    assert.equal(step?.status, 'failed');
    assert.match(step?.reason ?? '', /^not run: line 7 has a placeholder, <pod>, to replace before running \(bash would read <pod as a redirection/);
    assert.ok(!existsSync(marker()), 'the line before the placeholder never ran');
  });
});
