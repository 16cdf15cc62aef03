// `runbook run --dry-run`: what would run, in order, with the resolved variables (secrets masked).
import { asksConfirmation, MASK, shellFor } from '../core/executor';
import type { Runbook, Step } from '../core/format/model';
import { describeLines, ranLines } from '../core/format/transcript';
import type { CliIo } from './io';
import type { RunArgs } from './runArgs';
import { escapeControls as shownText } from '../core/text/terminal';

export function printDryRun(io: CliIo, args: RunArgs, runbook: Runbook, values: Readonly<Record<string, string>>, secretNames: readonly string[]): void {
  const start = args.only ?? args.from;
  const index = start === undefined ? 0 : runbook.steps.findIndex((s) => s.id === start);
  const steps = args.only !== undefined ? [runbook.steps[index]!] : runbook.steps.slice(index);
  const shown = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secretNames.includes(k) ? MASK : v]));
  const here = ({ linux: 'linux', darwin: 'darwin', win32: 'windows' } as Record<string, string>)[process.platform] ?? process.platform;
  // A secret typed into the runbook (a cwd, a title) is masked here as in the session's copy.
  const secrets = secretNames.map((n) => values[n] ?? '').filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  const mask = (text: string) => secrets.reduce((t, v) => t.split(v).join(MASK), text);
  const rows = steps.map((s) => describe(s, runbook, here, args)).map((r) => ({ ...r, what: mask(r.what), notes: r.notes.map(mask), ...(r.runs !== undefined ? { runs: mask(r.runs) } : {}) }));
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ dryRun: true, file: args.file, variables: shown, steps: rows }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`Dry run of ${shownText(args.file)}: ${shownText(runbook.title)}\n`);
  const names = Object.keys(shown);
  io.stdout.write(names.length ? `Variables:\n${names.map((n) => `  ${n}=${shownText(shown[n]!)}`).join('\n')}\n` : 'Variables: none\n');
  io.stdout.write('Steps:\n');
  for (const r of rows) {
    io.stdout.write(shownText(`  ${r.id}  line ${r.line}  ${r.what}${r.notes.length ? `  (${r.notes.join('; ')})` : ''}`) + '\n');
    // A transcript's exact commands: the lines that run, without prompts or sample output.
    if (r.runs !== undefined) for (const l of r.runs.replace(/\n$/, '').split('\n')) io.stdout.write(shownText(`      | ${l}`) + '\n');
  }
}

interface DryRunRow {
  id: string;
  line: number;
  what: string;
  notes: string[];
  /** A transcript step: exactly what runs. */
  runs?: string;
}

function describe(step: Step, runbook: Runbook, here: string, args: RunArgs): DryRunRow {
  if (step.kind === 'check') {
    return { id: step.id, line: step.line, what: `manual check: ${step.text}`, notes: [] as string[] };
  }
  const notes: string[] = [];
  if (step.when && step.when !== here) notes.push(`skipped: when=${step.when}`);
  if (asksConfirmation(step)) notes.push(args.yes ? 'confirm: --yes' : 'asks for confirmation');
  if (step.timeoutMs ?? runbook.timeoutMs) notes.push(`timeout ${(step.timeoutMs ?? runbook.timeoutMs)! / 1000}s`);
  if (step.interactive) notes.push('interactive');
  if (step.continueOnError) notes.push('continue-on-error');
  if (step.keepBackground) notes.push('keep-background');
  if (step.cwd) notes.push(`cwd ${step.cwd}`);
  if (step.notRunnable !== undefined) notes.push(`will not run: ${step.notRunnable}`);
  if (step.excludeFromRunAll && args.only === undefined) notes.push('excludeFromRunAll: not run (run it with --only)');
  const t = step.transcript;
  if (t) {
    const output = t.lines.filter((l) => l.role === 'output').map((l) => l.line);
    notes.push(`transcript: runs ${describeLines(ranLines(t.lines))}${output.length ? `; sample output ${describeLines(output)} not run` : ''}`);
  }
  const runner = ['bash', 'sh', 'zsh', 'other-shell'].includes(step.runner) ? shellFor(step, runbook) : step.runner;
  return { id: step.id, line: step.line, what: `${runner}: ${step.title}`, notes, ...(t && step.run !== undefined ? { runs: step.run } : {}) };
}
