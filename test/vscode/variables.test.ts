// Variables are asked, not assumed, in the real VS Code: a run that would read a declared secret
// with no value opens the panel's Variables form (seen in the messages to the webview) and waits;
// nothing starts and nothing is recorded until it is answered. Every way of starting a run goes
// the same way (Run all, Run step, Run from here — the CodeLens uses the same commands). Typing
// into the form and submitting it is played in code-server by test/e2e/variables.e2e.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ToWebviewMessage } from '../../src/webview/protocol';
import { closeAllEditors, openRunbookPanel, waitFor, workspaceFile } from './util';
import type { RunbookApi } from '../../src/extension/api';

const RUNBOOK = `---
variables:
  API_KEY: { secret: true, description: Monitoring token }
---
# Variables test

\`\`\`bash {#plain}
echo "no secret here"
\`\`\`

\`\`\`bash {#call}
[ -n "$API_KEY" ] && echo "key present"
\`\`\`
`;

type RequestVariables = Extract<ToWebviewMessage, { type: 'requestVariables' }>;

describe('runbook notebook: variables are asked, not assumed', () => {
  let api: RunbookApi;
  let uri: vscode.Uri;

  before(async () => {
    uri = workspaceFile('variables-test.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    ({ api } = await openRunbookPanel(uri));
  });
  after(closeAllEditors);

  const cases: Array<[string, () => Thenable<unknown>]> = [
    ['Run all', () => vscode.commands.executeCommand('runbook.runAll', uri)],
    ['Run step', () => vscode.commands.executeCommand('runbook.runStep', uri, 'call')],
    ['Run from here', () => vscode.commands.executeCommand('runbook.runFrom', uri, 'plain')],
  ];
  for (const [label, start] of cases) {
    it(`${label} on a step that reads a secret with no value opens the form and waits; Cancel runs nothing`, async () => {
      const requested = waitFor(api.onDidPostMessage, (e) => e.uri === uri.toString() && e.message.type === 'requestVariables', 'the Variables form to be requested');
      const run = start();
      const request = (await requested).message as RequestVariables;
      assert.deepEqual(request.missing, ['API_KEY']);
      const waiting = await api.runState(uri.toString());
      assert.equal(waiting.running, true, 'the run waits for the form');
      assert.deepEqual(Object.values(waiting.steps).filter((s) => s.status !== 'pending'), [], 'no step started');
      assert.equal(waiting.sessionDir, undefined, 'nothing recorded');
      await vscode.commands.executeCommand('runbook.cancel', uri); // what the form's Cancel does to a waiting run
      await run;
      const after = await api.runState(uri.toString());
      assert.equal(after.running, false);
      assert.equal(after.steps.call?.status ?? 'pending', 'pending');
      assert.equal(after.steps.plain?.status ?? 'pending', 'pending', 'Run from here did not start its first step either');
      assert.equal(after.sessionDir, undefined);
    });
  }

  it('Run step on a step that does not read it runs at once, without the form', async () => {
    let asked = false;
    const listener = api.onDidPostMessage((e) => {
      if (e.uri === uri.toString() && e.message.type === 'requestVariables') asked = true;
    });
    try {
      await vscode.commands.executeCommand('runbook.runStep', uri, 'plain');
    } finally {
      listener.dispose();
    }
    assert.equal(asked, false);
    assert.equal((await api.runState(uri.toString())).steps.plain?.status, 'passed');
  });
});
