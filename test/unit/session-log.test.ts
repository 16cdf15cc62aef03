// The event log format: hash chain, zod validation, torn last line, ordered fsync'd appends.
import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../fixtures/session/record';
import { checkChain, parseLog, serializeLine, sha256, SessionLogError } from '../../src/core/session/chain';
import { GENESIS, type EventPayload } from '../../src/core/session/events';
import { LogWriter } from '../../src/core/session/log-writer';

const start: EventPayload = {
  type: 'session-start', format: 1, id: 's', runbookPath: '/r.md', runbookSha256: sha256('x'), snapshot: { file: 'runbook.md', sha256: sha256('x'), bytes: 1 },
  title: 'T', user: 'u', host: 'h', os: { platform: 'linux', release: '6', arch: 'x64' }, tool: { name: 'runbook', version: '0' }, variables: {}, secretNames: [], pid: 1,
};
const note = (text: string): EventPayload => ({ type: 'note', stepId: 'a', text, author: 'u' });

function build(payloads: EventPayload[]): string {
  let prev = GENESIS;
  return payloads.map((p, i) => {
    const { line, hash } = serializeLine(p, i, '2026-01-01T00:00:00.000Z', prev);
    prev = hash;
    return `${line}\n`;
  }).join('');
}

test('each line carries seq, prev = hash of the line before, and its own hash', () => {
  const text = build([start, note('one'), note('two')]);
  const parsed = parseLog(text, 'events.jsonl');
  assert.equal(parsed.events.length, 3);
  assert.equal(parsed.events[0]!.prev, GENESIS);
  assert.equal(parsed.events[1]!.prev, parsed.events[0]!.hash);
  assert.equal(parsed.events[2]!.seq, 2);
  assert.equal(parsed.headHash, parsed.events[2]!.hash);
  assert.equal(checkChain(parsed.lines, parsed.events), undefined);
  // The hash is the SHA-256 of the line's bytes before `,"hash":…` was appended.
  const line = parsed.lines[1]!;
  assert.equal(parsed.events[1]!.hash, sha256(`${line.slice(0, line.indexOf(',"hash":'))}}`));
});

test('an edited, removed or reordered line breaks the chain at that line', () => {
  const text = build([start, note('one'), note('two'), note('three')]);
  const lines = text.trimEnd().split('\n');
  const edited = [...lines];
  edited[2] = edited[2]!.replace('two', 'TWO');
  let p = parseLog(`${edited.join('\n')}\n`, 'f');
  assert.deepEqual(checkChain(p.lines, p.events)?.line, 3);
  const removed = lines.filter((_, i) => i !== 1);
  p = parseLog(`${removed.join('\n')}\n`, 'f');
  assert.equal(checkChain(p.lines, p.events)?.line, 2);
  const swapped = [lines[0]!, lines[2]!, lines[1]!, lines[3]!];
  p = parseLog(`${swapped.join('\n')}\n`, 'f');
  assert.equal(checkChain(p.lines, p.events)?.line, 2);
});

test('a torn last line is reported as torn, not as corruption', () => {
  const text = build([start, note('one')]);
  const torn = `${text}{"seq":2,"time":"2026-01-01T00:00:0`;
  const parsed = parseLog(torn, 'events.jsonl');
  assert.equal(parsed.torn, true);
  assert.equal(parsed.events.length, 2);
  assert.equal(parsed.intactBytes, Buffer.byteLength(text));
});

test('a malformed line in the middle is an error naming the file and line', () => {
  const lines = build([start, note('one'), note('two')]).split('\n');
  lines[1] = '{"seq":1,"oops"';
  assert.throws(() => parseLog(lines.join('\n'), '/s/events.jsonl'), (e: unknown) => e instanceof SessionLogError && /^\/s\/events\.jsonl:2: not valid JSON/.test(e.message));
  const bad = build([start, note('one')]).replace('"type":"note"', '"type":"nope"');
  assert.throws(() => parseLog(bad, 'events.jsonl'), /events\.jsonl:2: not a valid session event/);
  assert.throws(() => parseLog('', 'events.jsonl'), /events\.jsonl:1: the event log is empty/);
});

test('LogWriter appends in call order, one line per event, and continues a chain', async () => {
  const dir = await tempDir('rb-log-');
  const file = join(dir, 'events.jsonl');
  const w = await LogWriter.open(file, 0, GENESIS, true);
  await Promise.all([w.append(start), ...Array.from({ length: 20 }, (_, i) => w.append(note(`n${i}`)))]);
  await w.close();
  const parsed = parseLog(await readFile(file, 'utf8'), file);
  assert.equal(parsed.events.length, 21);
  assert.deepEqual(parsed.events.slice(1).map((e) => (e.type === 'note' ? e.text : '')), Array.from({ length: 20 }, (_, i) => `n${i}`));
  assert.equal(checkChain(parsed.lines, parsed.events), undefined);
  const again = await LogWriter.open(file, parsed.events.length, parsed.headHash, false);
  await again.append(note('later'));
  await again.close();
  const p2 = parseLog(await readFile(file, 'utf8'), file);
  assert.equal(checkChain(p2.lines, p2.events), undefined);
  await assert.rejects(again.append(note('closed')), /closed/);
  await assert.rejects(LogWriter.open(file, 0, GENESIS, true), /EEXIST/);
});
