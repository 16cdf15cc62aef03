// Test builders for the executor: CodeStep/CheckStep/Runbook objects without the parser, a
// recording observer, a scripted host, and /proc helpers to prove no step process survives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckStep, CodeStep, Runbook, RunnerKind, Step, VariableSpec } from '../../src/core/format/model';
import type { CheckDecision, ExecutionObserver, ExecutorHost, ExecutorOptions, OutputChunk, StepOutcome } from '../../src/core/executor/types';
import { Executor } from '../../src/core/executor';
import { liveProcesses } from '../harness/processes';

let counter = 0;

export function codeStep(code: string, fields: Partial<CodeStep> & { runner?: RunnerKind } = {}): CodeStep {
  counter++;
  const runner = fields.runner ?? 'bash';
  return {
    kind: 'code',
    id: fields.id ?? `step-${counter}`,
    explicitId: fields.id !== undefined,
    lang: runner,
    runner,
    line: counter * 10,
    endLine: counter * 10 + 3,
    section: [],
    title: fields.id ?? `step ${counter}`,
    attributes: {},
    attributeEntries: [],
    classes: [],
    code: code.endsWith('\n') ? code : `${code}\n`,
    unterminated: false,
    expectExit: [0],
    continueOnError: false,
    interactive: false,
    ...fields,
  };
}

export function checkStep(id: string, text = id): CheckStep {
  return { kind: 'check', id, line: 1, section: [], title: text, checked: false, text };
}

export function variable(name: string, fields: Partial<VariableSpec> = {}): VariableSpec {
  return { name, secret: false, required: false, line: 2, ...fields };
}

export function runbook(steps: readonly Step[], fields: Partial<Runbook> = {}): Runbook {
  return { title: 'Test runbook', variables: [], steps, diagnostics: [], lineCount: 100, ...fields };
}

export class Recorder implements ExecutionObserver {
  readonly events: string[] = [];
  readonly outputs = new Map<string, OutputChunk[]>();
  readonly outputCalls = new Map<string, number>();
  readonly outcomes = new Map<string, StepOutcome>();
  onStepStart(step: CodeStep, attempt: number): void {
    this.events.push(`start ${step.id} #${attempt}`);
  }
  onOutput(stepId: string, chunks: readonly OutputChunk[]): void {
    this.outputCalls.set(stepId, (this.outputCalls.get(stepId) ?? 0) + 1);
    this.outputs.set(stepId, [...(this.outputs.get(stepId) ?? []), ...chunks]);
  }
  onStepEnd(step: Step, outcome: StepOutcome): void {
    this.events.push(`end ${step.id} ${outcome.status}`);
    this.outcomes.set(step.id, outcome);
  }
  onCheck(step: CheckStep, decision: CheckDecision): void {
    this.events.push(`check ${step.id} ${decision}`);
  }
  text(stepId: string): string {
    return (this.outputs.get(stepId) ?? []).map((c) => c.text).join('');
  }
}

export function host(answers: { confirm?: boolean; check?: CheckDecision } = {}): ExecutorHost & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    confirm: async (step) => {
      asked.push(`confirm ${step.id}`);
      return answers.confirm ?? true;
    },
    decideCheck: async (step) => {
      asked.push(`check ${step.id}`);
      return answers.check ?? 'passed';
    },
  };
}

/** This test file's one parent of every `tempDir()`, removed when its process exits (each test file runs in its own). */
let parent: string | undefined;

/** A fresh directory for one test, inside this test file's parent directory (removed at its end, so none is left in /tmp). */
export function tempDir(prefix = 'rb-exec-test-'): string {
  if (!parent) {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-test-'));
    parent = dir;
    process.once('exit', () => {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // Never change a test run's outcome over a temporary directory.
      }
    });
  }
  return mkdtempSync(join(parent, prefix));
}

/** An executor writing outputs into a fresh temp dir; returns it with the recorder and dir. */
export function makeExecutor(rb: Runbook, extra: Partial<ExecutorOptions> = {}) {
  const dir = tempDir();
  const recorder = new Recorder();
  const executor = new Executor({
    runbook: rb,
    baseDir: dir,
    variables: {},
    outputPath: (id, attempt) => join(dir, 'out', `${id}.${attempt}.log`),
    host: host(),
    observers: [recorder],
    tuning: { killGraceMs: 300, ...(extra.tuning ?? {}) },
    ...extra,
  });
  return { executor, recorder, dir };
}

/** Pids of live (non-zombie) processes whose process group is `pgid` (Linux /proc). */
export function processesInGroup(pgid: number): number[] {
  return liveProcesses().filter((p) => p.pgid === pgid).map((p) => p.pid);
}

/** Resolves once `condition()` holds, checking every 10 ms (a state to wait for, not a delay); rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
