// Lists the sessions in a sessions directory (newest first), optionally for one runbook.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SessionSummary } from './api';
import { readSessionState } from './replay';

export async function listSessions(sessionsDir: string, runbookPath?: string): Promise<readonly SessionSummary[]> {
  let names: string[];
  try {
    names = (await readdir(sessionsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const wanted = runbookPath === undefined ? undefined : resolve(runbookPath);
  const rows: SessionSummary[] = [];
  for (const name of names) {
    const state = await readSessionState(join(sessionsDir, name)).catch(() => undefined); // not a session, or damaged: `verify` explains
    if (!state || (wanted && state.runbookPath !== wanted)) continue;
    rows.push({ id: state.id, dir: state.dir, runbookPath: state.runbookPath, title: state.title, startedAt: state.startedAt, status: state.status });
  }
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}
