// The extension's run-host client (src/runhost/hostedRun.ts) against a real run host: the step
// records follow the host's events as an in-process run's would; a client that goes away mid-step
// (a reloaded window) leaves the step running, and the next client attaches to see it running with
// its output so far, then its end; questions go to the client's `ask`; release frees the session.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../../src/core/format/parse';
import type { StepRecord } from '../../src/core/run';
import { readSessionState, resumeSession } from '../../src/core/session';
import { attachHostedRun, startHostedRun, type HostedRunOptions } from '../../src/runhost/hostedRun';
import type { HostConfig, WaitingPrompt } from '../../src/runhost/protocol';
import { inspectRunHost } from '../../src/runhost/recover';
import { readHostInfo } from '../../src/runhost/files';
import { runHostBundle } from './reliability-cli';
import { book, events, noHostLeft, stepProcesses, until, type Book } from './runhost-helpers';

process.env.RUNBOOK_RUNHOST_SCRIPT ??= runHostBundle();
after(noHostLeft);

function config(b: Book, text: string, extra: Partial<HostConfig> = {}): HostConfig {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    sessionsDir: b.sessions, runbookPath: b.file, runbookText: text, variables: {}, env,
    tool: { name: 'runbook-vscode', version: 'test' }, vscodeVersion: '1.100.0-test',
    yes: false, unattended: 'wait', checks: 'skip', waitLimitMs: 60_000, endSessionWhenRunEnds: false, ...extra,
  };
}

function options(text: string, records = new Map<string, StepRecord>(), ask: HostedRunOptions['ask'] = async () => undefined): HostedRunOptions {
  return { runbook: parseRunbook(text), records, ask, client: 'test', log: () => undefined };
}

/** Releases the session and waits for the host process to be gone (it exits right after). */
async function releaseAndWait(hosted: { hostPid: number; release(): Promise<void> }): Promise<void> {
  await hosted.release();
  await until(`run host ${hosted.hostPid} to exit`, () => !existsSync(`/proc/${hosted.hostPid}`));
}

const TWO = `# Two

\`\`\`bash {#one}
echo "one says hi"
exit 3
\`\`\`

\`\`\`bash {#two}
echo two
\`\`\`
`;

test('a run in the host updates the records as an in-process run would, and the session holds the VS Code details', async () => {
  const b = book(TWO);
  const hosted = await startHostedRun(config(b, TWO), options(TWO));
  const seen: string[] = [];
  hosted.onEvent((e) => seen.push(e.type === 'step' ? `step:${e.stepId}:${e.record.status}` : e.type === 'run' ? `run:${e.running}` : e.type));
  const summary = await hosted.run({ kind: 'all' });
  assert.equal(summary.status, 'failed');
  const one = hosted.records.get('one')!;
  assert.equal(one.status, 'failed');
  assert.equal(one.exitCode, 3);
  assert.match(one.outputTail, /one says hi/);
  assert.ok(one.codeSha256, 'the stale rule has the code hash');
  assert.equal(hosted.records.get('two')?.status, 'not-run');
  assert.ok(seen.includes('step:one:running') && seen.includes('step:one:failed') && seen.at(-1) === 'run:false', seen.join(' '));
  await hosted.note('one', 'looked at it');
  const state = await readSessionState(hosted.sessionDir);
  assert.equal(state.steps.one?.note, 'looked at it', 'the note went through the host into the session');
  const start = events(hosted.sessionDir).find((e) => e.type === 'session-start') as unknown as { tool: { name: string }; vscodeVersion?: string };
  assert.equal(start.tool.name, 'runbook-vscode');
  assert.equal(start.vscodeVersion, '1.100.0-test');
  // Release: the session's lock is free as soon as it resolves (a new host or a window may resume it).
  await releaseAndWait(hosted);
  const resumed = await resumeSession(hosted.sessionDir, TWO);
  await resumed.release();
});

const SLOW = `# Slow

\`\`\`bash {#wait}
echo "before the reload"
while [ ! -e go ]; do sleep 0.02; done
echo "after the reload"
\`\`\`

\`\`\`bash {#next}
echo next
\`\`\`
`;

test('a client that goes away mid-step leaves it running; the next client attaches to it running with its output, then sees it pass and the run go on', async () => {
  const b = book(SLOW);
  const first = await startHostedRun(config(b, SLOW), options(SLOW));
  const ran = first.run({ kind: 'all' });
  await until('the first output', () => first.records.get('wait')?.outputTail.includes('before the reload'));
  const dir = first.sessionDir;
  first.close(); // the window reloads
  assert.equal((await ran).status, 'failed', 'the closed client stops waiting (the run is not its any more)');
  assert.equal((await inspectRunHost(dir)).kind, 'live', 'the run host lives on');
  assert.equal(stepProcesses(first.sessionId).length > 0, true, 'the step still runs');

  const records = new Map<string, StepRecord>();
  const second = await attachHostedRun(dir, options(SLOW, records));
  assert.equal(second.running, true);
  assert.equal(second.runningStepId, 'wait');
  assert.equal(records.get('wait')?.status, 'running');
  assert.match(records.get('wait')?.outputTail ?? '', /before the reload/, 'the output so far');
  writeFileSync(join(b.dir, 'go'), '');
  const summary = await second.whenEnded();
  assert.equal(summary?.status, 'passed');
  assert.equal(records.get('wait')?.status, 'passed');
  assert.match(records.get('wait')?.outputTail ?? '', /before the reload[\s\S]*after the reload/);
  assert.equal(records.get('next')?.status, 'passed', 'Run all went on');
  const ends = events(dir).filter((e) => e.type === 'step-end').map((e) => `${e.stepId}:${e.status}`);
  assert.deepEqual(ends, ['wait:passed', 'next:passed']);
  await releaseAndWait(second);
});

const GATED = `# Gated

\`\`\`bash {#restart confirm="Restart the service?"}
echo restarted
\`\`\`

- [ ] the dashboard is green
`;

test('confirm gates and manual checks go to the client\'s ask; its answers decide them', async () => {
  const b = book(GATED);
  const asked: WaitingPrompt[] = [];
  const hosted = await startHostedRun(config(b, GATED), options(GATED, new Map(), async (p) => {
    asked.push(p);
    return p.kind === 'confirm' ? { kind: 'confirm', yes: true } : { kind: 'check', decision: 'passed' };
  }));
  const summary = await hosted.run({ kind: 'all' });
  assert.equal(summary.status, 'passed');
  const check = parseRunbook(GATED).steps[1]!.id;
  assert.deepEqual(asked.map((p) => `${p.kind}:${p.stepId}`), ['confirm:restart', `check:${check}`]);
  assert.equal(hosted.records.get('restart')?.status, 'passed');
  assert.equal(hosted.records.get(check)?.checked, true, 'a passed check is ticked');
  await releaseAndWait(hosted);
});

test('a check ticked through the run host, then reached by Run all: not asked again, one tick in the session', async () => {
  const b = book(GATED);
  const asked: string[] = [];
  const hosted = await startHostedRun(config(b, GATED, { yes: true }), options(GATED, new Map(), async (p) => {
    asked.push(p.stepId);
    return p.kind === 'confirm' ? { kind: 'confirm', yes: true } : { kind: 'check', decision: 'passed' };
  }));
  const check = parseRunbook(GATED).steps[1]!.id;
  await hosted.tick(check, true);
  assert.equal((await hosted.run({ kind: 'all' })).status, 'passed');
  assert.deepEqual(asked, [], 'the ticked check was put to the client again');
  assert.equal(events(hosted.sessionDir).filter((e) => e.type === 'check' && e.stepId === check).length, 1);
  await releaseAndWait(hosted);
});

test('a question this client leaves unanswered stays waiting; another client answers it and both see the end', async () => {
  const b = book(GATED);
  const hosted = await startHostedRun(config(b, GATED), options(GATED));
  const ran = hosted.run({ kind: 'step', stepId: 'restart' });
  await until('the host waiting for a person', () => readHostInfo(hosted.sessionDir)?.waiting);
  const other = await attachHostedRun(hosted.sessionDir, options(GATED, new Map(), async () => ({ kind: 'confirm', yes: true })));
  assert.equal((await ran).status, 'passed');
  assert.equal((await other.whenEnded())?.status, 'passed');
  assert.equal(hosted.records.get('restart')?.status, 'passed');
  other.close();
  await releaseAndWait(hosted);
});

test('a session directory removed under a live run (its workspace deleted): the run host ends the step\'s processes and exits', async () => {
  const text = `# Long\n\n\`\`\`bash {#long}\necho started\nsleep 1000\n\`\`\`\n`;
  const b = book(text);
  const hosted = await startHostedRun(config(b, text), options(text));
  void hosted.run({ kind: 'all' });
  await until('the step to start', () => hosted.records.get('long')?.outputTail.includes('started'));
  assert.ok(stepProcesses(hosted.sessionId).length > 0, 'the step runs');
  rmSync(b.sessions, { recursive: true, force: true });
  await until(`run host ${hosted.hostPid} to exit`, () => !existsSync(`/proc/${hosted.hostPid}`));
  assert.deepEqual(stepProcesses(hosted.sessionId), [], 'no process of the step is left');
  hosted.close();
});
