// A transcript runbook in the real VS Code panel: the card shows the commands that run and the
// expected output as separate sections, Run runs only the command (a sample output line that
// would create a marker file never runs), the step passes, and the differing output is a notice.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, openRunbookPanel, workspaceFile } from './util';

const RUNBOOK = `# Transcript test

Greet.

\`\`\`console
$ echo "hello from the transcript"
hello from the sample
touch transcript-output-ran
\`\`\`
`;

describe('runbook notebook: transcripts', () => {
  const marker = () => path.join(workspaceFile('').fsPath, 'transcript-output-ran');
  after(async () => {
    rmSync(marker(), { force: true });
    await closeAllEditors();
  });

  it('shows the command and the expected output separately, runs only the command, and passes with a notice', async () => {
    const uri = workspaceFile('transcript-test.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    rmSync(marker(), { force: true });
    const { api, rendered } = await openRunbookPanel(uri);
    assert.equal(rendered.stepCount, 1);
    assert.deepEqual(rendered.transcripts, [{
      stepId: 'transcript-test-1',
      runs: 'echo "hello from the transcript"',
      expected: 'hello from the sample\ntouch transcript-output-ran',
    }]);

    await vscode.commands.executeCommand('runbook.runStep', uri, 'transcript-test-1');
    const state = await api.runState(uri.toString());
    const step = state.steps['transcript-test-1'];
    assert.equal(step?.status, 'passed', step?.reason);
    assert.equal(step?.outputTail, 'hello from the transcript\n');
    assert.ok(!existsSync(marker()), 'the sample output line never ran');
    assert.equal(step?.notice, 'The output differs from the sample output in the runbook: line 7 shows "hello from the sample", got "hello from the transcript"');
  });
});
