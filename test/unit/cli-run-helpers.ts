// Drives `runbook run` in-process with a fake CliIo: collects stdout/stderr, optional scripted
// terminal answers, a temp directory holding the runbook and the sessions.
import { after } from 'node:test';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { runHostBundle } from './reliability-cli';
import { tempDir } from './executor-helpers';

// `runbook run` starts a run host: the one built from src/ (not a stale dist/ or a slow tsx start).
process.env.RUNBOOK_RUNHOST_SCRIPT ??= runHostBundle();

// The CLI runs inside this test process here, and a run-host client can leave a handle behind
// (seen intermittently in full runs; not yet found). Once every test of the file has reported,
// a lingering handle must not hold the file open until the runner's timeout: exit. The timer is
// unref'd, so it only fires when something would otherwise keep the process alive.
after(() => {
  setTimeout(() => process.exit(), 2000).unref();
});

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly questions: readonly string[];
  /** Questions asked through the hidden (secret) input. */
  readonly secretQuestions: readonly string[];
}

/** A directory with the runbook `name` in it (under the test file's temporary parent, removed as the process exits). */
export function workspace(markdown: string, name = 'book.md'): { dir: string; file: string } {
  const dir = tempDir('rb-cli-run-');
  writeFileSync(join(dir, name), markdown);
  return { dir, file: name };
}

export async function runCliInProcess(dir: string, argv: readonly string[], options: { answers?: string[]; secretAnswers?: (string | null)[]; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const answers = [...(options.answers ?? [])];
  const secretQuestions: string[] = [];
  const secretAnswers = [...(options.secretAnswers ?? [])];
  const io: CliIo = {
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
    stdinIsTTY: options.answers !== undefined || options.secretAnswers !== undefined,
    cwd: dir,
    env: { ...process.env, ...(options.env ?? {}) },
    ask: async (q) => {
      questions.push(q);
      return answers.shift() ?? '';
    },
    askSecret: async (q) => {
      secretQuestions.push(q);
      return secretAnswers.length ? secretAnswers.shift()! : null;
    },
  };
  const code = await main(['run', ...argv], io);
  return { code, stdout, stderr, questions, secretQuestions };
}

/** Every file under a directory, recursively, with its content. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) for (const [k, v] of filesUnder(path)) out.set(k, v);
    else out.set(path, readFileSync(path));
  }
  return out;
}
