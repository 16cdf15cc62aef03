// The same extension in an UNTRUSTED workspace: it activates (limited support), reports
// Restricted Mode, and renders runbooks read-only (the webview is told `trusted: false`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, getApi, openRunbookPanel } from '../vscode/util';

describe('restricted mode (untrusted workspace)', () => {
  afterEach(closeAllEditors);

  it('the workspace is untrusted and the extension reports restricted mode', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await getApi();
    assert.equal(api.restricted, true);
  });

  it('still renders a runbook, read-only', async () => {
    const { document, rendered } = await openRunbookPanel('hello.md');
    assert.equal(document.trusted, false, 'the webview must be told the workspace is untrusted');
    assert.ok(rendered.stepCount > 0);
    assert.equal(rendered.stepCount, document.runbook.steps.filter((s) => s.kind === 'code').length);
  });
});
