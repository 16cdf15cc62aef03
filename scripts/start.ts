// `npm start`: builds and packages the extension, makes sure code-server is installed, serves a
// real VS Code with the freshly packaged .vsix on the runbooks/ folder, prints the URL, and stops
// everything on Ctrl-C.   Options: PORT=<port>, `-- --untrusted` (see Restricted Mode).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../test/harness/codeServer';
import { startWorkbench } from '../test/harness/workbench';

async function main(): Promise<void> {
  console.log('Building and packaging the extension…');
  const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (pack.status !== 0) throw new Error('npm run package failed (see above).');
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`PORT=${process.env.PORT} is not a port number; use e.g. PORT=8080.`);
  const trusted = !process.argv.includes('--untrusted');
  const workbench = await startWorkbench({ folder: path.join(ROOT, 'runbooks'), extension: { vsix: path.join(ROOT, 'runbook.vsix') }, trusted, ...(port ? { port } : {}) });
  const url = workbench.url.split('?')[0]!;
  console.log(`
VS Code with Runbook is running at ${url}
  (folder: runbooks/, workspace ${trusted ? 'trusted' : 'UNTRUSTED: Restricted Mode'})

Try first: open hello.md in the Explorer, then click the "Open Runbook to the Side" button in the
editor title bar (or F1 → "Runbook: Open Runbook"). Edit the Markdown and watch the panel follow.

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
