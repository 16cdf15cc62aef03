// Untrusted workspace: no path spawns a process. Every run/note/check/session command, the
// CodeLens, hover and completion providers (the language server) and the panel are exercised on
// a runbook whose steps would leave traces (a marker file, a long `sleep` with a unique
// duration). Processes are counted by walking /proc from the extension host (this process)
// before and after, and by scanning for the marker; the marker file must not exist.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, getApi, openRunbookPanel, workspaceFile } from '../vscode/util';

interface Proc { pid: number; ppid: number; cmdline: string }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      out.push({ pid: Number(entry), ppid: Number(rest[1]), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // gone
    }
  }
  return out;
}

/** Live descendants of the extension host (the language server and anything it or we started). */
function descendants(): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  let frontier = [process.pid];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/**
 * VS Code's own port finder (ExtHostTunnelService, in the extension host's process) runs these
 * whatever an extension does; the harness turns it off (remote.autoForwardPorts, …Source), and a
 * poll already under way may still show. Exactly these command lines, nothing else, are not ours.
 */
const VSCODE_PORT_FINDER = new Set(['/bin/sh -c ls -l /proc/[0-9]*/fd/[0-9]* | grep socket:', '/bin/sh -c ps -F -A -l | grep root']);

const SLEEP = `${8000 + (process.pid % 1000)}.${Date.now() % 10000}`;

describe('untrusted workspace: nothing spawns a process', () => {
  after(closeAllEditors);

  it('commands, CodeLens, hover, completion and the panel start no process and run no step', async function () {
    this.timeout(60_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await getApi();
    assert.equal(api.restricted, true);
    const marker = path.join(process.env.TMPDIR ?? '/tmp', `runbook-untrusted-ran-${process.pid}`);
    const text = `# Must not run\n\n\`\`\`bash {#touch}\ntouch "${marker}"\nsleep ${SLEEP}\n\`\`\`\n\n\`\`\`python {#py}\nopen("${marker}", "w").write("py")\n\`\`\`\n\n- [ ] a manual check\n`;
    const uri = workspaceFile('untrusted-no-spawn.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(uri);
    const { document } = await openRunbookPanel(uri);
    assert.equal(document.trusted, false);
    // Let the language server come up (it is spawned at activation, before the baseline).
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(2, 5));
    // Positive control: a process this extension host starts is seen by the /proc walk.
    const control = spawn('sleep', [`${SLEEP}1`], { stdio: 'ignore' });
    await new Promise((r) => control.once('spawn', r));
    assert.ok(descendants().some((p) => p.cmdline === `sleep ${SLEEP}1`), 'the /proc walk does not see children of the extension host');
    control.kill('SIGKILL');
    await new Promise((r) => control.once('exit', r));
    const before = new Set(descendants().map((p) => `${p.pid} ${p.cmdline}`));

    const checkId = document.runbook.steps.find((s) => s.kind === 'check')!.id;
    const attempts: [string, ...unknown[]][] = [
      ['runbook.runStep', uri, 'touch'], ['runbook.runStep', uri, 'py'], ['runbook.runFrom', uri, 'touch'], ['runbook.runAll', uri],
      ['runbook.skipStep', uri, 'touch'], ['runbook.addNote', uri, 'touch', 'a note'], ['runbook.setCheck', uri, checkId, true],
      ['runbook.newSession', uri], ['runbook.cancel', uri], ['runbook.revealStep', uri, 'touch'],
    ];
    for (const [command, ...args] of attempts) {
      await Promise.race([vscode.commands.executeCommand(command, ...args).then(() => undefined, () => undefined), new Promise((r) => setTimeout(r, 3000))]);
    }
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual((lenses ?? []).map((l) => l.command?.command).filter((c) => c === 'runbook.runStep' || c === 'runbook.runFrom'), [], 'no CodeLens offers to run in Restricted Mode');
    for (const lens of lenses ?? []) {
      if (lens.command?.command.startsWith('runbook.')) {
        await Promise.race([vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? [])).then(() => undefined, () => undefined), new Promise((r) => setTimeout(r, 3000))]);
      }
    }
    await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 9), '{');
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(2, 5));

    const after = descendants().filter((p) => !before.has(`${p.pid} ${p.cmdline}`) && !VSCODE_PORT_FINDER.has(p.cmdline));
    assert.deepEqual(after.map((p) => p.cmdline), [], 'processes started by the extension host in an untrusted workspace');
    assert.deepEqual(processes().filter((p) => p.cmdline.includes(`sleep ${SLEEP}`)).map((p) => p.cmdline), []);
    assert.equal(existsSync(marker), false, 'a step ran in an untrusted workspace');
    assert.equal((await api.runState(uri.toString())).running, false);
  });
});
