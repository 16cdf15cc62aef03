// The extension activates in the REMOTE extension host (the Remote-SSH topology) of a trusted
// workspace, and contributes its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi } from './util';

describe('activation (trusted, remote)', () => {
  it('activates and returns the typed API', async () => {
    const api = await getApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(typeof api.openPanels, 'function');
    assert.equal(api.restricted, false);
  });

  it('runs on the remote side, as a workspace extension', function () {
    // Set by the project's harness (test/harness/vscodeSuite.ts); a desktop run
    // (npm run test:electron) has no remote, so there the check does not apply.
    if (process.env.RUNBOOK_TEST_REMOTE !== '1') this.skip();
    assert.ok(vscode.env.remoteName, 'vscode.env.remoteName should name the remote (the test VS Code server)');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('sees a trusted workspace with the sample runbooks', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const found = await vscode.workspace.findFiles('hello.md');
    assert.equal(found.length, 1);
  });

  it('contributes both commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('runbook.open'));
    assert.ok(commands.includes('runbook.openToSide'));
  });
});
