// Notes in the evidence: the final text, and only the earlier revisions that stood on their own
// (a run in between, or more than a minute before the next); drafts typed in one sitting fold away.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { exportSession } from '../../src/core/evidence';
import { noteRevisions } from '../../src/core/evidence/noteRevisions';
import { parseRunbook } from '../../src/core/format/parse';
import type { NoteEvent, SessionEvent } from '../../src/core/session/events';
import { outcome, recordSession, tempDir, writeOutput } from '../fixtures/session/record';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, seconds)).toISOString();
const note = (seq: number, seconds: number, text: string) => ({ type: 'note', seq, time: at(seconds), stepId: 'a', text, author: 'al', hash: '' }) as unknown as NoteEvent;
const run = (seq: number, type: 'step-start' | 'step-end') => ({ type, seq, stepId: 'b' }) as unknown as SessionEvent;

test('drafts within a minute fold into the next revision; a run or a pause over a minute keeps one', () => {
  const drafts = [note(1, 0, 'Dis'), note(2, 3, 'Disk ful'), note(3, 6, 'Disk full on /var')];
  assert.deepEqual(noteRevisions(drafts, drafts).map((n) => n.text), ['Disk full on /var']);
  const pause = [note(1, 0, 'first'), note(2, 61, 'second')];
  assert.deepEqual(noteRevisions(pause, pause).map((n) => n.text), ['first', 'second']);
  const exactlyMinute = [note(1, 0, 'first'), note(2, 60, 'second')];
  assert.deepEqual(noteRevisions(exactlyMinute, exactlyMinute).map((n) => n.text), ['second']);
  const acrossRun = [note(1, 0, 'before the re-run'), note(4, 5, 'after the re-run')];
  assert.deepEqual(noteRevisions(acrossRun, [acrossRun[0]!, run(2, 'step-start'), run(3, 'step-end'), acrossRun[1]!]).map((n) => n.text), ['before the re-run', 'after the re-run']);
  assert.deepEqual(noteRevisions([], []), []);
});

test('HTML and Markdown show the final note; an earlier revision kept by a run is collapsed in <details>', async () => {
  const root = await tempDir('rb-notes-');
  const { session, dir, text } = await recordSession({ sessionsDir: root, open: true });
  const step = parseRunbook(text).steps.find((s) => s.kind === 'code')!;
  assert.ok(step.kind === 'code');
  // Typed in one sitting: three revisions, no run between them (the fixture added one already).
  for (const t of ['Disk', 'Disk was full', 'Disk was full; cleaned /var/log']) await session.addNote(step.id, t, 'alice');
  let html = await exportSession(dir, 'html', 'runbook test');
  assert.doesNotMatch(html, /<details class="note-history">/);
  assert.doesNotMatch(html, /Earlier version/);
  assert.match(html, /<div class="note">Disk was full; cleaned \/var\/log<span class="who">Note by alice/);
  // A re-run, then a new revision: the one before the run stays, collapsed.
  await session.onStepStart?.(step, 2);
  await session.onStepEnd?.(step, outcome(step, 'passed', await writeOutput(session, step.id, 2, 'ok\n')));
  await session.addNote(step.id, 'Re-ran after cleaning: green', 'alice');
  await session.end('passed');
  html = await exportSession(dir, 'html', 'runbook test');
  const history = html.match(/<details class="note-history"><summary>1 earlier version of the note<\/summary>(.*?)<\/details>/s);
  assert.ok(history, 'one earlier revision, collapsed');
  assert.match(history[1]!, /Disk was full; cleaned \/var\/log<span class="who">Earlier version by alice/);
  assert.doesNotMatch(html, />Disk was full<span/, 'drafts are not shown');
  assert.match(html, /<div class="note">Re-ran after cleaning: green<span class="who">Note by alice/);
  const md = await exportSession(dir, 'md', 'runbook test');
  assert.match(md, /> \*\*Note\*\* \(alice, [^)]+\): Re-ran after cleaning: green\n>\n> \*Earlier version\* \(alice, [^)]+\): Disk was full; cleaned \/var\/log/);
  assert.doesNotMatch(md, /Disk was full\n/);
});
