// The CodeLens status follows the run: VS Code refreshes lenses only when the provider says they
// changed, so each status change of a step (running, then passed) must fire the provider's change
// event — for a run in a run host, for a run the window attached to after it started elsewhere
// (as after a reload), and for an in-process run. Lens titles are read as the other suites read
// them (vscode.executeCodeLensProvider); the API relays the provider's change event.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunbookApi } from '../../src/extension/api';
import { closeAllEditors, EXTENSION_ID, getApi, workspaceFile } from './util';

const RUNBOOK = `# CodeLens live

Waits for the test.

\`\`\`bash {#wait}
while [ ! -e "$RUNBOOK_LENS_GO" ]; do sleep 0.05; done
echo released
\`\`\`
`;
const WAIT_LINE = RUNBOOK.split('\n').findIndex((l) => l.includes('{#wait}'));

/** The status lens of step `wait` as VS Code would show it now. */
async function statusLens(uri: vscode.Uri): Promise<string> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.range.start.line === WAIT_LINE).map((l) => l.command?.title ?? '').find((t) => !/Run step|Run from here/.test(t)) ?? '';
}

/**
 * Records the status lens each time the provider announces a change for `uri` (the titles VS Code
 * then fetches). `until(re)` resolves once an announced lens matches.
 */
function announcedLenses(api: RunbookApi, uri: vscode.Uri) {
  const seen: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  let reading = Promise.resolve();
  const subscription = api.onDidChangeCodeLenses((changed) => {
    if (changed !== uri.toString()) return;
    reading = reading.then(async () => {
      const title = await statusLens(uri);
      seen.push(title);
      for (const w of waiters.filter((x) => x.re.test(title))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  return {
    seen,
    until(re: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
      if (seen.some((t) => re.test(t))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no CodeLens change announced ${what} (announced: ${JSON.stringify(seen)})`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    dispose: () => subscription.dispose(),
  };
}

describe('CodeLens status follows the run', () => {
  let api: RunbookApi;
  let scratch: string;

  before(async () => {
    api = await getApi();
    scratch = mkdtempSync(path.join(tmpdir(), 'runbook-lens-'));
  });
  after(async () => {
    delete process.env.RUNBOOK_LENS_GO;
    await vscode.workspace.getConfiguration('runbook').update('runHost.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function runbook(name: string): Promise<{ uri: vscode.Uri; go: string }> {
    const uri = workspaceFile(name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    await vscode.window.showTextDocument(uri);
    const go = path.join(scratch, `${name}.go`);
    process.env.RUNBOOK_LENS_GO = go; // runs take the extension host's environment (a run host too)
    return { uri, go };
  }

  /** Runs the step and waits for the lens change to be announced at its start and at its pass. */
  async function runAndWatch(uri: vscode.Uri, go: string): Promise<void> {
    const lenses = announcedLenses(api, uri);
    try {
      const run = vscode.commands.executeCommand('runbook.runStep', uri, 'wait');
      await lenses.until(/running/, 'for the running step');
      writeFileSync(go, '');
      await run;
      await lenses.until(/passed \(exit 0/, 'for the passed step');
    } finally {
      lenses.dispose();
    }
  }

  it('a run in the run host: the lens change is announced when the step starts and when it passes', async function () {
    this.timeout(60_000);
    const { uri, go } = await runbook('lens-hosted.md');
    await runAndWatch(uri, go);
  });

  it('a run this window attached to after it started elsewhere (as after a reload): the end is announced', async function () {
    this.timeout(60_000);
    const { uri, go } = await runbook('lens-attached.md');
    // A run started outside this window: `runbook run --detach` from a terminal.
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const sessions = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.runbook', 'sessions');
    const started = spawnSync(process.execPath, [cli, 'run', uri.fsPath, '--detach', '--sessions', sessions], { encoding: 'utf8', env: process.env });
    assert.equal(started.status, 0, started.stderr);
    const sessionId = /Session (\S+) is running/.exec(started.stdout)?.[1];
    assert.ok(sessionId, started.stdout);
    const lenses = announcedLenses(api, uri);
    try {
      await vscode.commands.executeCommand('runbook.openSession', uri, sessionId);
      // Run step finds the session's run host live and attaches to its run instead of starting one.
      await vscode.commands.executeCommand('runbook.runStep', uri, 'wait');
      assert.equal((await api.runState(uri.toString())).running, true, 'attached to the running step');
      await lenses.until(/running/, 'for the running step once attached');
      writeFileSync(go, '');
      await lenses.until(/passed \(exit 0/, 'for the step that ended in the attached run host');
    } finally {
      lenses.dispose();
    }
  });

  it('an in-process run (run host off): the lens change is announced when the step starts and when it passes', async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('runbook').update('runHost.enabled', false, vscode.ConfigurationTarget.Global);
    const { uri, go } = await runbook('lens-in-process.md');
    await runAndWatch(uri, go);
  });
});

const FIX_RUNBOOK = `# CodeLens transitions

\`\`\`bash {#fix-me}
exit 3
\`\`\`

\`\`\`bash {#wait}
while [ ! -e "$RUNBOOK_LENS_GO" ]; do sleep 0.05; done
\`\`\`
`;

/** Each step's status lens as the provider gives it now (by the fence lines of the document as it is). */
async function statusLenses(uri: vscode.Uri): Promise<Record<string, string>> {
  const document = await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  const out: Record<string, string> = {};
  for (let line = 0; line < document.lineCount; line++) {
    const id = /\{#([\w-]+)\}/.exec(document.lineAt(line).text)?.[1];
    if (id) out[id] = lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '').find((t) => !/Run step|Run from here/.test(t)) ?? '';
  }
  return out;
}

/**
 * Resolves with the lenses once `match` holds for them: checked now and at each change the
 * provider announces for `uri`; rejects with what was seen after `timeoutMs`.
 */
function lensesWhen(api: RunbookApi, uri: vscode.Uri, match: (lenses: Record<string, string>) => boolean, what: string, timeoutMs = 30_000): Promise<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  return new Promise((resolve, reject) => {
    let done = false;
    let reading = Promise.resolve();
    const check = () => {
      reading = reading.then(async () => {
        if (done) return;
        const lenses = await statusLenses(uri);
        seen.push(lenses);
        if (!match(lenses)) return;
        done = true;
        finish();
        resolve(lenses);
      });
    };
    const subscription = api.onDidChangeCodeLenses((changed) => changed === uri.toString() && check());
    const timer = setTimeout(() => {
      done = true;
      finish();
      reject(new Error(`the CodeLens never showed ${what}; seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const finish = () => (subscription.dispose(), clearTimeout(timer));
    check();
  });
}

describe('CodeLens status at each transition: what the provider returns is the state now', () => {
  let api: RunbookApi;
  let scratch: string;

  before(async () => {
    api = await getApi();
    scratch = mkdtempSync(path.join(tmpdir(), 'runbook-lens-'));
  });
  after(async () => {
    delete process.env.RUNBOOK_LENS_GO;
    await closeAllEditors();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('failed, stale after the fix, passed after the re-run (also while the next step runs), none in a new session, the latest attempt in a reopened one', async function () {
    this.timeout(90_000);
    const uri = workspaceFile('lens-transitions.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FIX_RUNBOOK));
    await vscode.window.showTextDocument(uri);
    const go = path.join(scratch, 'transitions.go');
    process.env.RUNBOOK_LENS_GO = go;

    await vscode.commands.executeCommand('runbook.runStep', uri, 'fix-me');
    assert.match((await statusLenses(uri))['fix-me'] ?? '', /failed \(exit 3/, 'the first attempt failed');
    const sessionDir = (await api.runState(uri.toString())).sessionDir;
    assert.ok(sessionDir, 'a session was recorded');

    // The fix, saved: the lens says stale (the code changed after it ran), as the gutter does.
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    const line = document.getText().split('\n').indexOf('exit 3');
    edit.replace(uri, new vscode.Range(line, 0, line, 'exit 3'.length), 'exit 0');
    await vscode.workspace.applyEdit(edit);
    await document.save();
    await lensesWhen(api, uri, (l) => /stale/.test(l['fix-me'] ?? ''), 'stale after the fix');
    assert.equal(api.gutters(uri.toString())[line], 'stale', 'the gutter agrees (the fence is the line above, 1-based: the same number)');

    await vscode.commands.executeCommand('runbook.runStep', uri, 'fix-me');
    assert.match((await statusLenses(uri))['fix-me'] ?? '', /passed \(exit 0/, 'passed after the re-run, not stale nor the first failure');

    // Run from here: the step passes again and the next one starts; its lens is never the first attempt's.
    const run = vscode.commands.executeCommand('runbook.runFrom', uri, 'fix-me');
    const running = await lensesWhen(api, uri, (l) => /running/.test(l.wait ?? ''), 'the next step running');
    assert.match(running['fix-me'] ?? '', /passed \(exit 0/, `while the next step runs: ${JSON.stringify(running)}`);
    writeFileSync(go, '');
    await run;
    assert.match((await statusLenses(uri)).wait ?? '', /passed \(exit 0/);

    // A new session: no results, so no status lens.
    await vscode.commands.executeCommand('runbook.newSession', uri);
    assert.deepEqual(await statusLenses(uri), { 'fix-me': '', wait: '' }, 'a new session has no results');

    // The earlier session reopened: each step's latest attempt, read back from its log.
    await vscode.commands.executeCommand('runbook.openSession', uri, path.basename(sessionDir));
    const reopened = await statusLenses(uri);
    assert.match(reopened['fix-me'] ?? '', /passed \(exit 0/, `the latest attempt, not the first failure: ${JSON.stringify(reopened)}`);
    assert.match(reopened.wait ?? '', /passed \(exit 0/);

    // An edit that moves the fences, asked about at once (within the 150 ms before it is parsed):
    // the lens and the hover are on the moved fence, with its result.
    const moved = new vscode.WorkspaceEdit();
    moved.insert(uri, new vscode.Position(1, 0), '\nA line added above the steps.\n');
    await vscode.workspace.applyEdit(moved);
    const fence = document.getText().split('\n').findIndex((l) => l.includes('{#fix-me}'));
    const [lenses, hovers] = await Promise.all([
      statusLenses(uri),
      vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(fence, 3)),
    ]);
    assert.match(lenses['fix-me'] ?? '', /passed \(exit 0/, `the lens on the moved fence: ${JSON.stringify(lenses)}`);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Runbook step `fix-me`[\s\S]*passed/, `the hover on the moved fence: ${hoverText}`);
    await document.save();
  });
});
