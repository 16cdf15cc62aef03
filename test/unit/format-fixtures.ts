// Shared helpers for the format tests: load a fixture and look steps up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../../src/core/format';
import type { CheckStep, CodeStep, Runbook } from '../../src/core/format';
import type { CliIo } from '../../src/cli/io';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'format');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function parseFixture(name: string): Runbook {
  return parseRunbook(fixtureText(name), { fileName: name });
}

export function codeSteps(r: Runbook): CodeStep[] {
  return r.steps.filter((s): s is CodeStep => s.kind === 'code');
}

export function checkSteps(r: Runbook): CheckStep[] {
  return r.steps.filter((s): s is CheckStep => s.kind === 'check');
}

/** Diagnostics as compact `line:col severity code` strings, in source order. */
export function diagSummary(r: Runbook): string[] {
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
}

/** A CLI io that collects stdout and stderr, for calling the CLI's `main` in-process. */
export function fakeIo(cwd: string = FIXTURES): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t) },
    stdinIsTTY: false,
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}
