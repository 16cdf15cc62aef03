// The runbook notebook in the real VS Code (remote extension host): runs through the executor
// with a session recorder, gutters, notes and checks in the session log, cancel, evidence.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunbookApi } from '../../src/extension/api';
import { closeAllEditors, getApi, openRunbookPanel, waitFor, workspaceFile } from './util';

const RUNBOOK = `# Notebook test

Says hello.

\`\`\`bash {#hello}
echo "hello from $(basename "$PWD")"
\`\`\`

Fails on purpose.

\`\`\`bash {#broken}
echo "about to fail" >&2
exit 3
\`\`\`

A long step.

\`\`\`bash {#long}
sleep 120 &
echo $! > "$RUNBOOK_TEST_PIDFILE"
echo started
wait
\`\`\`

- [ ] The greeting was printed
`;

async function writeRunbook(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function lineOf(text: string, id: string): number {
  return text.split('\n').findIndex((l) => l.includes(`{#${id}}`)) + 1;
}

/** The session's event log as parsed JSON lines. */
function sessionEvents(dir: string): Array<Record<string, unknown>> {
  const log = readdirSync(dir).find((f) => f.endsWith('.jsonl'));
  assert.ok(log, `no .jsonl log in ${dir}: ${readdirSync(dir).join(', ')}`);
  return readFileSync(path.join(dir, log), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function waitForGutter(api: RunbookApi, uri: vscode.Uri, line: number, status: string): Promise<void> {
  if (api.gutters(uri.toString())[line] === status) return;
  await waitFor(api.onDidChangeRunState, () => api.gutters(uri.toString())[line] === status, `the gutter of line ${line} to show ${status}`);
}

describe('runbook notebook: running steps', () => {
  let api: RunbookApi;
  let uri: vscode.Uri;
  const pidFile = path.join(process.env.TMPDIR ?? '/tmp', `runbook-notebook-test-${process.pid}.pid`);

  before(async () => {
    api = await getApi();
    process.env.RUNBOOK_TEST_PIDFILE = pidFile; // the executor passes the extension host's environment on
    uri = await writeRunbook('notebook-test.md', RUNBOOK);
    await vscode.window.showTextDocument(uri);
  });
  after(closeAllEditors);

  it('runs a step through the command; the gutter turns passed and the session records the output', async () => {
    await vscode.commands.executeCommand('runbook.runStep', uri, 'hello');
    const state = await api.runState(uri.toString());
    assert.equal(state.steps.hello?.status, 'passed');
    assert.equal(state.steps.hello?.exitCode, 0);
    assert.match(state.steps.hello?.outputTail ?? '', /hello from workspace/);
    assert.ok(state.sessionDir && existsSync(state.sessionDir), 'a session directory was created');
    assert.ok(state.sessionDir!.startsWith(path.join(workspaceFile('').fsPath, '.runbook', 'sessions')), `sessions go to runbook.sessionsDirectory (${state.sessionDir})`);
    await waitForGutter(api, uri, lineOf(RUNBOOK, 'hello'), 'passed');
    assert.equal(api.gutters(uri.toString())[lineOf(RUNBOOK, 'broken')], 'pending');
    assert.match(api.statusBarText, /Runbook: 1 \/ 3 steps/);
    const ends = sessionEvents(state.sessionDir!).filter((e) => JSON.stringify(e).includes('"hello"'));
    assert.ok(ends.length >= 2, 'the session log has the step start and end');
  });

  it('a failing step turns the gutter to failed with its exit code and reason', async () => {
    await vscode.commands.executeCommand('runbook.runStep', uri, 'broken');
    const state = await api.runState(uri.toString());
    assert.equal(state.steps.broken?.status, 'failed');
    assert.equal(state.steps.broken?.exitCode, 3);
    assert.match(state.steps.broken?.outputTail ?? '', /about to fail/);
    await waitForGutter(api, uri, lineOf(RUNBOOK, 'broken'), 'failed');
    assert.match(api.statusBarText, /2 \/ 3 steps, 1 failed/);
  });

  it('CodeLens offers Run step / Run from here and shows the last result; the hover shows status, exit code and output', async () => {
    await vscode.commands.executeCommand('runbook.runStep', uri, 'broken');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const onBroken = lenses.filter((l) => l.range.start.line === lineOf(RUNBOOK, 'broken') - 1).map((l) => l.command?.title ?? '');
    assert.ok(onBroken.some((t) => t.includes('Run step')), onBroken.join(' | '));
    assert.ok(onBroken.some((t) => t.includes('Run from here')));
    assert.ok(onBroken.some((t) => /failed \(exit 3, /.test(t)), `last result lens: ${onBroken.join(' | ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(lineOf(RUNBOOK, 'broken') - 1, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(text, /Runbook step `broken`/);
    assert.match(text, /failed/);
    assert.match(text, /exit code 3/);
    assert.match(text, /about to fail/);
  });

  it('an interactive step runs in a terminal named after it and its exit code is recorded', async function () {
    this.timeout(30_000);
    const interactive = await writeRunbook('notebook-interactive.md', '# I\n\nAsks nothing, exits 7.\n\n```bash {#ask interactive}\nexit 7\n```\n');
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const sub = vscode.window.onDidOpenTerminal((t) => {
        sub.dispose();
        resolve(t);
      });
    });
    const run = vscode.commands.executeCommand('runbook.runStep', interactive, 'ask');
    const terminal = await opened;
    assert.match(terminal.name, /Runbook: Asks nothing, exits 7/);
    await run;
    const state = await api.runState(interactive.toString());
    assert.equal(state.steps.ask?.exitCode, 7);
    assert.equal(state.steps.ask?.status, 'failed');
  });

  it('a note and a ticked check are written to the session log, not to the file', async () => {
    await vscode.commands.executeCommand('runbook.addNote', uri, 'hello', 'greeting checked by the on-call admin');
    const textBefore = (await vscode.workspace.openTextDocument(uri)).getText();
    const checkId = await checkStepId(uri);
    await vscode.commands.executeCommand('runbook.setCheck', uri, checkId, true);
    const state = await api.runState(uri.toString());
    assert.equal(state.steps.hello?.note, 'greeting checked by the on-call admin');
    assert.equal(state.steps[checkId]?.checked, true);
    const log = JSON.stringify(sessionEvents(state.sessionDir!));
    assert.ok(log.includes('greeting checked by the on-call admin'), 'the note is in the session log');
    assert.ok(log.includes(checkId), 'the check is in the session log');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), textBefore, 'the Markdown is untouched');
  });

  it('cancelling a long step kills its process tree and records cancelled', async function () {
    this.timeout(60_000);
    const started = waitFor(api.onDidPostMessage, (e) => e.uri === uri.toString() && e.message.type === 'output' && e.message.batches.some((b) => b.text.includes('started')), 'the long step to start', 30_000).catch(() => undefined);
    if (!api.openPanels().includes(uri.toString())) await openRunbookPanel(uri); // the test sees the output posted to the panel
    const run = vscode.commands.executeCommand('runbook.runStep', uri, 'long');
    await started;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(pid > 0 && alive(pid), 'the long step is running');
    await vscode.commands.executeCommand('runbook.cancel', uri);
    await run;
    const state = await api.runState(uri.toString());
    assert.equal(state.steps.long?.status, 'cancelled');
    assert.equal(state.running, false);
    assert.equal(alive(pid), false, `process ${pid} (the step's child) is gone`);
  });

  it('exports evidence of the session that verifies as intact', async () => {
    const target = workspaceFile('notebook-evidence.html');
    // `{ finish: false }` answers "Finish the session first?" up front: export it unfinished.
    const written = await vscode.commands.executeCommand<vscode.Uri>('runbook.exportEvidence', uri, 'html', target, { finish: false });
    assert.equal(written?.toString(), target.toString());
    const html = readFileSync(target.fsPath, 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /class="badge big s-running">… in progress</, 'this window still writes the session: in progress, not interrupted');
    assert.ok(html.includes('greeting checked by the on-call admin'));
    assert.equal(await vscode.commands.executeCommand('runbook.verifyEvidence', target), true);
  });

  it('a new session starts empty; the old one re-opens read-only once finished, or resumes while unfinished', async () => {
    const before = await api.runState(uri.toString());
    await vscode.commands.executeCommand('runbook.newSession', uri);
    const fresh = await api.runState(uri.toString());
    assert.deepEqual(fresh.steps, {});
    assert.equal(fresh.sessionDir, undefined);
    await vscode.commands.executeCommand('runbook.openSession', uri, path.basename(before.sessionDir!));
    const reopened = await api.runState(uri.toString());
    assert.equal(reopened.sessionDir, before.sessionDir);
    assert.equal(reopened.steps.hello?.status, 'passed');
    assert.equal(reopened.steps.hello?.note, 'greeting checked by the on-call admin');
    assert.equal(reopened.readOnly, false, 'an unfinished session resumes');
  });
});

describe('runbook notebook: Finish Session', () => {
  const FINISH = `# Finish test

\`\`\`bash {#first}
echo first
\`\`\`

\`\`\`bash {#flaky}
test -f "$RUNBOOK_TEST_FLAG" || exit 4
\`\`\`

- [ ] Someone looked at the dashboard
`;
  let api: RunbookApi;
  let uri: vscode.Uri;
  const flag = path.join(process.env.TMPDIR ?? '/tmp', `runbook-finish-test-${process.pid}.flag`);

  before(async () => {
    api = await getApi();
    process.env.RUNBOOK_TEST_FLAG = flag;
    uri = await writeRunbook('finish-test.md', FINISH);
    await vscode.window.showTextDocument(uri);
  });
  after(closeAllEditors);

  it('Finish Session ends the session with the overall status; it turns read-only, exports finished, and a new run starts a new session', async () => {
    await vscode.commands.executeCommand('runbook.runAll', uri);
    assert.equal((await api.runState(uri.toString())).steps.flaky?.status, 'failed');
    writeFileSync(flag, 'ok');
    await vscode.commands.executeCommand('runbook.runStep', uri, 'flaky'); // failed, then passed on a re-run
    const before = await api.runState(uri.toString());
    assert.equal(before.steps.flaky?.status, 'passed');

    const summary = await vscode.commands.executeCommand<{ status: string; checksNotDone: number }>('runbook.finishSession', uri);
    assert.equal(summary?.status, 'passed', 'a step that failed and then passed does not fail the session');
    assert.equal(summary?.checksNotDone, 1, 'the unticked check is reported as not done');
    const ends = sessionEvents(before.sessionDir!).filter((e) => e.type === 'session-end');
    assert.deepEqual(ends.map((e) => e.status), ['passed'], 'one session-end with the overall status');
    const finished = await api.runState(uri.toString());
    assert.equal(finished.readOnly, true, 'the finished session shows read-only');
    assert.equal(finished.sessionDir, before.sessionDir);

    // Export: no question for a finished session; it shows the final status, not "interrupted".
    const target = workspaceFile('finish-evidence.html');
    await vscode.commands.executeCommand('runbook.exportEvidence', uri, 'html', target);
    const html = readFileSync(target.fsPath, 'utf8');
    assert.match(html, /class="badge big s-passed">✓ passed</);
    assert.doesNotMatch(html, /not ended|⚠ interrupted/);
    assert.equal(await vscode.commands.executeCommand('runbook.verifyEvidence', target), true);

    await vscode.commands.executeCommand('runbook.runStep', uri, 'first');
    const next = await api.runState(uri.toString());
    assert.notEqual(next.sessionDir, before.sessionDir, 'the next run records into a new session');
    assert.equal(next.readOnly, false);
    assert.deepEqual(Object.keys(next.steps), ['first'], 'the new session starts empty');
  });

  it('Export Evidence with { finish: true } finishes an unfinished session first', async () => {
    const state = await api.runState(uri.toString());
    const target = workspaceFile('finish-first-evidence.html');
    await vscode.commands.executeCommand('runbook.exportEvidence', uri, 'html', target, { finish: true });
    assert.equal((await api.runState(uri.toString())).readOnly, true);
    assert.deepEqual(sessionEvents(state.sessionDir!).filter((e) => e.type === 'session-end').map((e) => e.status), ['passed']);
    assert.match(readFileSync(target.fsPath, 'utf8'), /class="badge big s-passed">✓ passed</);
  });
});

async function checkStepId(uri: vscode.Uri): Promise<string> {
  const { document } = await openRunbookPanel(uri);
  const check = document.runbook.steps.find((s) => s.kind === 'check');
  assert.ok(check, 'the runbook has a manual check');
  return check.id;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie waiting to be reaped is not running.
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
