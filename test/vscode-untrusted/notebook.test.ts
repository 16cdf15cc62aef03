// Restricted Mode: no step can run — not through a command, not Run all, not from the CodeLens —
// and no process is spawned (a step that would leave a marker file leaves none).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, getApi, openRunbookPanel, workspaceFile } from '../vscode/util';

describe('runbook notebook in an untrusted workspace', () => {
  afterEach(closeAllEditors);

  it('refuses to run a step, run all, skip, note or tick; nothing is spawned and no session is written', async () => {
    const api = await getApi();
    const marker = path.join(workspaceFile('').fsPath, 'untrusted-marker');
    const uri = workspaceFile('untrusted-notebook.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# Untrusted\n\n\`\`\`bash {#touch}\ntouch "${marker}"\n\`\`\`\n\n- [ ] a check\n`));
    const { document } = await openRunbookPanel(uri);
    assert.equal(document.trusted, false);
    await vscode.commands.executeCommand('runbook.runStep', uri, 'touch');
    await vscode.commands.executeCommand('runbook.runAll', uri);
    await vscode.commands.executeCommand('runbook.runFrom', uri, 'touch');
    await vscode.commands.executeCommand('runbook.skipStep', uri, 'touch');
    await vscode.commands.executeCommand('runbook.addNote', uri, 'touch', 'a note');
    const state = await api.runState(uri.toString());
    assert.equal(existsSync(marker), false, 'the step did not run');
    assert.deepEqual(state.steps, {}, 'nothing was recorded');
    assert.equal(state.sessionDir, undefined);
    assert.equal(existsSync(path.join(workspaceFile('').fsPath, '.runbook')), false, 'no session directory was created');
  });
});
