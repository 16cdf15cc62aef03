// The bench's probe extension (bench/vscode.bench.ts builds it to out/probe.js). In a fresh
// window it opens the workspace's README.md, waits until the built-in Markdown extension (and
// Runbook, when installed) are active, lets spawned processes start, and writes what it saw to
// $RUNBOOK_PROBE_OUT: VS Code's own performance marks of the extension host
// (code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>), the extension host's
// child processes, its memory, the Runbook files it loaded and which extensions activate on
// `onLanguage:markdown`.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const MARKDOWN = 'vscode.markdown-language-features';
const RUNBOOK = 'runbook-dev.runbook';
/** Time given to a language client to fork its server after activation (a bench, not a test). */
const SETTLE_MS = 3000;

interface Mark { readonly name: string; readonly startTime: number }

export async function activate(): Promise<void> {
  const out = process.env.RUNBOOK_PROBE_OUT;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!out || !folder) return;
  const marks = (): Mark[] => (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const opened = Date.now(); // the marks' clock
  await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'README.md'));
  await vscode.extensions.getExtension(MARKDOWN)?.activate();
  const runbook = vscode.extensions.getExtension(RUNBOOK);
  if (runbook) await runbook.activate();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.joinPath(folder.uri, 'README.md'));
  const runbookRoot = runbook?.extensionUri.fsPath;
  const loaded = runbookRoot ? Object.keys(require.cache).filter((f) => f.startsWith(runbookRoot) && !f.includes('node_modules')) : [];
  const memory = process.memoryUsage();
  writeFileSync(out, JSON.stringify({
    opened,
    marks: marks().filter((m) => m.name.startsWith('code/extHost/')),
    children: children(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    runbookLenses: lenses.filter((l) => l.command?.command.startsWith('runbook.')).length,
    loadedBytes: loaded.reduce((n, f) => n + statSync(f).size, 0),
    loaded: loaded.map((f) => f.slice(runbookRoot!.length)),
    extensions: vscode.extensions.all.filter((e) => !(e.packageJSON as { isBuiltin?: boolean }).isBuiltin).map((e) => e.id),
    // The extensions activated with Markdown by opening the README: their code loads start the burst.
    onMarkdown: vscode.extensions.all.filter((e) => ((e.packageJSON as { activationEvents?: string[] }).activationEvents ?? []).includes('onLanguage:markdown')).map((e) => e.id),
  }));
}

/** Command lines of this extension host's child processes (/proc, Linux). */
function children(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) found.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
