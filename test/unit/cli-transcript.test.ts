// Transcripts through the CLI: `run --dry-run` and `run` say which lines run, the session records
// the soft comparison's notice, and every evidence format shows what ran and the expected output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSession } from '../../src/core/evidence';
import { main } from '../../src/cli/main';
import { runCliInProcess, workspace } from './cli-run-helpers';

const BOOK = [
  '# Nodes', '',
  'List them.', '',
  '```console',
  '$ echo node1 Ready',
  'node1 NotReady',
  'touch output-ran',
  '```', '',
  '```bash',
  'echo plain',
  '```', '',
].join('\n');

test('--dry-run shows which lines of a transcript run, and its commands, without running anything', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nodes-1 {2}line 5 {2}bash: List them {2}\(transcript: runs line 6; sample output lines 7–8 not run\)\n {6}\| echo node1 Ready\n {2}nodes-2/);
  assert.ok(!existsSync(join(dir, '.runbook')));
  const json = JSON.parse((await runCliInProcess(dir, [file, '--dry-run', '--json'])).stdout) as { steps: { id: string; runs?: string }[] };
  assert.deepEqual(json.steps.map((s) => s.runs), ['echo node1 Ready\n', undefined]);
});

test('run: the transcript runs only its command, passes, and prints the notice about its sample output', async () => {
  const { dir, file } = workspace(BOOK);
  const r = await runCliInProcess(dir, [file]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /▶ nodes-1 {2}List them \[console, line 5\]\n {2}transcript: runs line 6 without prompts; its sample output is not run\nnode1 Ready\n✓ passed nodes-1 \([\d.]+ m?s\)\n {2}ⓘ The output differs from the sample output in the runbook: line 7 shows "node1 NotReady", got "node1 Ready"\n/);
  assert.ok(!existsSync(join(dir, 'output-ran')), 'the sample output never ran');

  const sessions = join(dir, '.runbook', 'sessions');
  const session = join(sessions, readdirSync(sessions)[0]!);
  const end = readFileSync(join(session, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; stepId?: string; notice?: string })
    .find((e) => e.type === 'step-end' && e.stepId === 'nodes-1');
  assert.match(end?.notice ?? '', /line 7 shows "node1 NotReady"/);

  const html = await exportSession(session, 'html', 'test');
  assert.ok(html.includes('<div class="label">Ran (transcript: runbook line 6, prompts removed)</div><pre class="code">echo node1 Ready\n</pre>'));
  assert.ok(html.includes('<div class="label">Expected output (from the runbook; not run)</div><pre class="expected">node1 NotReady\ntouch output-ran\n</pre>'));
  assert.ok(html.includes('<div class="notice">ⓘ The output differs from the sample output in the runbook: line 7 shows &quot;node1 NotReady&quot;'));
  const md = await exportSession(session, 'md', 'test');
  assert.match(md, /> Transcript: ran runbook line 6 without their prompts; the sample output in the block was not run\.\n>\n> ⓘ The output differs/);
  const json = JSON.parse(await exportSession(session, 'json', 'test')) as { steps: { id: string; notice: string | null; transcript?: unknown }[] };
  const step = json.steps.find((s) => s.id === 'nodes-1')!;
  assert.deepEqual(step.transcript, { ran: 'echo node1 Ready\n', ranLines: [6], expectedOutput: 'node1 NotReady\ntouch output-ran\n' });
  assert.match(step.notice ?? '', /differs/);
  assert.equal(json.steps.find((s) => s.id === 'nodes-2')!.transcript, undefined);
});

test('parse prints what a transcript runs and its expected output; lint names a block that cannot be split', async () => {
  const { dir, file } = workspace(`${BOOK}\n\`\`\`bash\ncd /tmp\n$ ls\n\`\`\`\n`);
  let out = '';
  const io = { stdout: { write: (t: string) => void (out += t) }, stderr: { write: () => undefined }, stdinIsTTY: false, cwd: dir, env: {}, ask: async () => '' };
  assert.equal(await main(['parse', file], io), 0);
  const steps = (JSON.parse(out) as { steps: { id: string; run?: string; expectedOutput?: string; notRunnable?: string }[] }).steps;
  assert.deepEqual([steps[0]!.run, steps[0]!.expectedOutput], ['echo node1 Ready\n', 'node1 NotReady\ntouch output-ran\n']);
  assert.equal(steps[1]!.run, undefined);
  assert.match(steps[2]!.notRunnable ?? '', /line 17 starts with the prompt/);
  out = '';
  assert.equal(await main(['lint', file], io), 0, 'a warning, not an error');
  assert.match(out, /book\.md:17:1: warning line 17 starts with the prompt '\$' but line 16 above it has none, .* \[mixed-transcript\]/);
});
