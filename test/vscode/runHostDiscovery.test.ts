// A live run of a runbook is found by opening the runbook, whatever this window remembers: a run
// started from a terminal (`runbook run --detach`) was never remembered here, and a window reloaded
// before the workbench stored its remembered session forgets it. The runbook's run host is found
// in the sessions folder (host.json names the runbook) and the window attaches to it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunbookApi } from '../../src/extension/api';
import { closeAllEditors, EXTENSION_ID, getApi, waitFor, workspaceFile } from './util';

const RUNBOOK = `# Found by its runbook

\`\`\`bash {#first}
echo "first part"
while [ ! -e "$RUNBOOK_FIND_GO" ]; do sleep 0.05; done
echo "second part"
\`\`\`

\`\`\`bash {#second}
echo after
\`\`\`
`;

/** Resolves once `check` holds, re-checking at each run-state change (subscribed before each check). */
async function until(api: RunbookApi, what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = waitFor(api.onDidChangeRunState, () => true, what, Math.max(1, deadline - Date.now()));
    if (await check()) {
      next.catch(() => undefined);
      return;
    }
    await next;
  }
}

describe('a live run is found by its runbook', () => {
  let api: RunbookApi;
  let scratch: string;
  before(async () => {
    api = await getApi();
    scratch = mkdtempSync(path.join(tmpdir(), 'runbook-find-'));
  });
  after(async () => {
    delete process.env.RUNBOOK_FIND_GO;
    await closeAllEditors();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a run started from a terminal: opening the runbook shows it running, then passed, with no session picked', async function () {
    this.timeout(60_000);
    const uri = workspaceFile('found-by-runbook.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    const go = path.join(scratch, 'go');
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const sessions = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.runbook', 'sessions');
    const started = spawnSync(process.execPath, [cli, 'run', uri.fsPath, '--detach', '--sessions', sessions], { encoding: 'utf8', env: { ...process.env, RUNBOOK_FIND_GO: go } });
    assert.equal(started.status, 0, started.stderr);
    const sessionId = /Session (\S+) is running/.exec(started.stdout)?.[1];
    assert.ok(sessionId, started.stdout);
    try {
      // This window never heard of the session: the first look at the runbook finds its run host.
      await vscode.window.showTextDocument(uri);
      const state = await api.runState(uri.toString());
      assert.equal(state.running, true, 'attached to the run started in the terminal');
      assert.equal(path.basename(state.sessionDir ?? ''), sessionId);
      writeFileSync(go, '');
      await until(api, 'the run to end', async () => {
        const now = await api.runState(uri.toString());
        return !now.running && now.steps.second?.status === 'passed';
      });
      const final = await api.runState(uri.toString());
      assert.equal(final.steps.first?.status, 'passed');
      assert.equal(final.steps.second?.status, 'passed');
    } finally {
      writeFileSync(go, '');
    }
  });
});
