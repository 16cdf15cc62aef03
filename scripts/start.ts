// `npm start`: builds and packages the extension, makes sure code-server is installed, serves a
// real VS Code with the freshly packaged .vsix on the runbooks/ folder, prints the URL and what
// to try first, and stops everything on Ctrl-C.   Options: PORT=<port>, `-- --untrusted`.
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from '../test/harness/codeServer';
import { startWorkbench } from '../test/harness/workbench';

/** Resolves when nothing listens on 127.0.0.1:port; rejects with a message saying what to do. */
function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'EADDRINUSE'
        ? `port ${port} is already in use (another program, or an earlier npm start). Use another one: PORT=${port + 1} npm start — or leave PORT unset to get a free port. See who holds it: ss -ltnp 'sport = :${port}'`
        : `cannot listen on 127.0.0.1:${port}: ${error.message}`));
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`PORT=${process.env.PORT} is not a port number; use e.g. PORT=8080.`);
  if (port !== undefined) await ensurePortFree(port);

  console.log('Building and packaging the extension (runbook.vsix)…');
  // The build's own listing is noise here; it is shown only when something fails.
  const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) {
    process.stderr.write(`${pack.stdout}${pack.stderr}`);
    throw new Error('npm run package failed (see above). Did you run npm ci first?');
  }
  const trusted = !process.argv.includes('--untrusted');
  console.log('Starting VS Code (code-server)…');
  const workbench = await startWorkbench({ folder: path.join(ROOT, 'runbooks'), extension: { vsix: path.join(ROOT, 'runbook.vsix') }, trusted, ...(port ? { port } : {}) });
  const url = workbench.url.split('?')[0]!;
  console.log(`
  VS Code with Runbook is running at  ${url}
  Folder: runbooks/   Workspace: ${trusted ? 'trusted' : 'UNTRUSTED (Restricted Mode: runbooks are read-only, nothing runs)'}

  Try first:
    1. Open ${url} in your browser and click hello.md in the Explorer.
    2. Click "Open Runbook to the Side" — the notebook icon at the top right of the editor.
    3. In the panel press "Variables" and type any secret for API_TOKEN (it is masked in all
       output and never stored), then "Run all": output streams into each card, steps marked
       confirm ask first, the interactive step opens a terminal and waits for you to type.
    4. Type a note under a step, tick the manual checks, then "Export Evidence" → HTML.
    5. Check the export in a terminal:  npx runbook verify <the exported file>
  hello.md explains every feature as you go; linux-patch-night.md is a real procedure.
  Sessions are written to runbooks/.runbook/sessions/ (git-ignored).

  Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    void workbench.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
