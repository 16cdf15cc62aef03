// Arguments shared by the commands that name a live session: `attach | stop SESSION` and `ps`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, type CliIo } from './io';

export interface SessionArgs {
  readonly session?: string;
  readonly sessions: string;
  readonly json: boolean;
  readonly help: boolean;
}

export function parseSessionArgs(command: string, argv: readonly string[], io: CliIo, needsSession: boolean): SessionArgs {
  let session: string | undefined;
  let sessions: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (raw === '-h' || raw === '--help') help = true;
    else if (raw === '--json') json = true;
    else if (raw === '--sessions' || raw.startsWith('--sessions=')) {
      sessions = raw.includes('=') ? raw.slice(raw.indexOf('=') + 1) : argv[++i];
      if (sessions === undefined) throw new UsageError(`--sessions needs a value. Run 'runbook ${command} --help'`);
    } else if (raw.startsWith('-')) throw new UsageError(`unknown option '${raw}'. Run 'runbook ${command} --help'`);
    else if (session === undefined && needsSession) session = raw;
    else throw new UsageError(`unexpected argument '${raw}'. Run 'runbook ${command} --help'`);
  }
  if (needsSession && !help && session === undefined) throw new UsageError(`expects a SESSION (its id, as runbook ps lists it, or its directory). Run 'runbook ${command} --help'`);
  return { ...(session !== undefined ? { session } : {}), sessions: resolve(io.cwd, sessions ?? join('.runbook', 'sessions')), json, help };
}

/** A session given by id (under --sessions) or by its directory. */
export function sessionDir(name: string, sessionsDir: string, io: CliIo): string {
  const asPath = resolve(io.cwd, name);
  if (name.includes('/') && existsSync(asPath)) return asPath;
  const dir = join(sessionsDir, name);
  if (existsSync(dir)) return dir;
  if (existsSync(asPath)) return asPath;
  throw new UsageError(`no session '${name}' (looked in ${sessionsDir}); runbook ps lists live runs`);
}
