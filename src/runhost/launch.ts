// Starting a run host: the same Node.js runtime as the client (an Electron extension host runs
// it as plain Node), its own session and process group, no terminal, unref'd. The HostConfig
// (with any secret values) goes through an inherited pipe on fd 3, never argv, env or disk; the
// host moves to the runbook's directory once it has it.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type { HostConfig, HostReady } from './protocol';
import { helperProcessEnv } from './helperEnv';

/** Marks the run host's command line (tests and `ps` find it by this). */
export const HOST_ARG = '--runbook-run-host';

/** The run host's script: RUNBOOK_RUNHOST_SCRIPT, else runhost.js beside this bundle, else the TypeScript source (tsx). */
export function hostCommand(env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  const override = env.RUNBOOK_RUNHOST_SCRIPT;
  if (override) return [override];
  const bundled = join(__dirname, 'runhost.js');
  if (existsSync(bundled)) return [bundled];
  const source = join(__dirname, 'main.ts');
  // From the sources (development): tsx's loader by absolute URL, since the host starts in the
  // runbook's directory, where a bare `--import tsx` would not resolve.
  if (existsSync(source)) return ['--import', pathToFileURL(join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, source];
  throw new Error(`the run host is missing (looked for ${bundled}); rebuild with 'node scripts/build.mjs'`);
}

/**
 * The run host's Node flags: one V8 worker thread, not four (a long-lived process with little to
 * compile or collect). Node options only: any V8 flag (`--max-semi-space-size`, …) makes V8 reject
 * Node's code cache of its built-in modules, which then compile at every start; the host bounds
 * its heap at run time instead (start.ts, ../cli/heapTuning.ts). Plain Node only: Electron's
 * run-as-node mode (the desktop extension host) sets V8 up its own way and was not measured.
 */
export function hostNodeFlags(versions: NodeJS.ProcessVersions = process.versions): readonly string[] {
  return versions.electron ? [] : ['--v8-pool-size=1'];
}

export interface StartedRunHost {
  readonly sessionId: string;
  readonly sessionDir: string;
  readonly pid: number;
  /** Resolves when the run host process has exited (it is our child until this process exits). */
  readonly exited: Promise<void>;
}

/**
 * A run host process that has started and waits for its HostConfig on the pipe. Spawning it
 * before the client has read and parsed the runbook lets the two Node start-ups overlap (`runbook
 * run` does; docs/performance.md); a host abandoned before `start` (bad input, --dry-run, a
 * prompt given up) reads EOF and exits without touching any session.
 */
export interface SpawnedRunHost {
  /** Sends the configuration and resolves once the host has opened the session and listens. */
  start(config: HostConfig): Promise<StartedRunHost>;
  /** Not needed after all: close the pipe (the host exits). */
  abandon(): void;
}

export function spawnRunHost(): SpawnedRunHost {
  try {
    return spawnHostProcess();
  } catch (error) {
    // No host to start (its bundle missing): said when the run would start, after the client
    // has checked its own input, as it was before the host was spawned early.
    return { abandon: () => undefined, start: () => Promise.reject(error as Error) };
  }
}

function spawnHostProcess(): SpawnedRunHost {
  // On first use: `runbook` loads this module in its dispatcher (dist/cli.js), where every other
  // command would pay for node:child_process at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const env = helperProcessEnv(process.env);
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const child = spawn(process.execPath, [...hostNodeFlags(), ...hostCommand(process.env), HOST_ARG], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    env,
  });
  const pipe = child.stdio[3] as Readable & Writable;
  // Until start() listens: a spawn error or an early exit is reported there, not thrown here.
  const early: { error?: Error } = {};
  const onEarlyError = (error: Error) => (early.error ??= error);
  child.once('error', onEarlyError);
  pipe.on('error', onEarlyError);
  child.unref();
  (pipe as Readable & { unref?: () => void }).unref?.();
  let used = false;
  return {
    abandon() {
      if (used) return;
      used = true;
      pipe.destroy();
      child.removeAllListeners();
    },
    async start(config) {
      if (used) throw new Error('this run host was already started or abandoned');
      used = true;
      let ready: HostReady;
      try {
        ready = await new Promise<HostReady>((resolve, reject) => {
          if (early.error) return reject(early.error);
          let text = '';
          pipe.on('data', (d: Buffer) => {
            text += d.toString('utf8');
            const nl = text.indexOf('\n');
            if (nl >= 0) {
              try {
                resolve(JSON.parse(text.slice(0, nl)) as HostReady);
              } catch (error) {
                reject(error as Error);
              }
            }
          });
          pipe.on('error', reject);
          child.once('error', reject);
          const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) => reject(new Error(`the run host exited (${signal ?? `code ${code}`}) before it was ready`));
          child.once('exit', exitedEarly);
          // Spawned earlier: it may have exited already (its 'exit' event is past).
          if (child.exitCode !== null || child.signalCode !== null) exitedEarly(child.exitCode, child.signalCode);
          (pipe as Readable & { ref?: () => void }).ref?.();
          pipe.write(`${JSON.stringify(config)}\n`);
        });
      } finally {
        pipe.destroy();
        child.removeAllListeners();
      }
      if (!ready.ok) throw new Error(ready.error);
      return { sessionId: ready.sessionId, sessionDir: ready.sessionDir, pid: ready.pid, exited: whenExited(child) };
    },
  };
}

/** Spawns a run host and starts it with `config` (a host spawned earlier may be passed). */
export function startRunHost(config: HostConfig, spawned: SpawnedRunHost = spawnRunHost()): Promise<StartedRunHost> {
  return spawned.start(config);
}

/** The child's exit, listened to without keeping this process alive (the child is unref'd). */
function whenExited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
