// The run host (dist/runhost-main.js, loaded by dist/runhost.js: start.ts): a detached process. Reads its HostConfig (one JSON line) from fd 3,
// a pipe to the client that started it (secrets never touch argv or disk), opens or resumes the
// session, binds the socket, answers one HostReady line on fd 3 and then lives on its own.
import { Socket } from 'node:net';
import { dirname } from 'node:path';
import { parseRunbook } from '../core/format';
import { resolveVariables } from '../core/executor';
import { openNewSession, readSessionState, resumeSession, type Session } from '../core/session';
import { fileLogger, RunHost } from './host';
import type { HostConfig, HostReady } from './protocol';
import { errorMessage } from '../core/text/errorMessage';

/** The client closed the pipe without a configuration: it decided not to run (runbook run spawns its host early). */
class NoConfig extends Error {}

function readConfig(pipe: Socket): Promise<HostConfig> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      pipe.off('data', onData);
      try {
        resolve(JSON.parse(text.slice(0, nl)) as HostConfig);
      } catch (error) {
        reject(error as Error);
      }
    };
    pipe.on('data', onData);
    pipe.once('end', () => reject(new NoConfig()));
    pipe.once('error', () => reject(new NoConfig()));
  });
}

async function main(): Promise<void> {
  // Own session (setsid), no terminal: a hang-up or Ctrl-C in the client's terminal never reaches us.
  process.on('SIGHUP', () => undefined);
  process.on('SIGINT', () => undefined);
  const pipe = new Socket({ fd: 3, readable: true, writable: true });
  const reply = (ready: HostReady) => new Promise<void>((resolve) => pipe.end(`${JSON.stringify(ready)}\n`, () => resolve()));
  let session: Session | undefined;
  try {
    const config = await readConfig(pipe);
    // Spawned from the client's directory (before it had read the runbook): live in the runbook's.
    process.chdir(dirname(config.runbookPath));
    const runbook = parseRunbook(config.runbookText, { fileName: config.runbookPath });
    const vars = resolveVariables(runbook, config.variables);
    if (!vars.ok) throw new Error(vars.errors.map((e) => e.message).join('; '));
    const previous = config.resumeDir ? await readSessionState(config.resumeDir) : undefined;
    session = config.resumeDir
      ? await resumeSession(config.resumeDir, config.runbookText, { variables: vars.values, secretNames: vars.secretNames })
      : await openNewSession({
          sessionsDir: config.sessionsDir, runbookPath: config.runbookPath, runbookText: config.runbookText, title: runbook.title,
          variables: vars.values, secretNames: vars.secretNames, tool: config.tool,
          ...(config.vscodeVersion ? { vscodeVersion: config.vscodeVersion } : {}),
          ...(config.remoteName ? { remoteName: config.remoteName } : {}),
        });
    const log = fileLogger(session.dir);
    log(`run host started for session ${session.id} (node ${process.version})`);
    process.on('uncaughtException', (error) => log(`uncaught: ${error.stack ?? error.message}`));
    process.on('unhandledRejection', (error) => log(`unhandled rejection: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    const host = new RunHost(config, runbook, session, previous, log);
    process.on('SIGTERM', () => host.terminate());
    await host.listen();
    await reply({ ok: true, sessionId: session.id, sessionDir: session.dir, pid: process.pid });
    // After the reply: the live shell starts while the client connects and attaches.
    host.prepareRun();
    host.start();
  } catch (error) {
    if (error instanceof NoConfig) process.exit(0);
    await session?.release().catch(() => undefined);
    await reply({ ok: false, error: errorMessage(error) });
    process.exit(2);
  }
}

void main();
