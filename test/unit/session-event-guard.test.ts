// Reading a session log back checks every line against the typed model (src/core/session/events.ts,
// hand-written guards instead of zod): each kind of bad field is an error naming the file, the
// line and the field; unknown fields are dropped; optional fields may be absent but not null.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseLog, serializeLine, sha256, SessionLogError } from '../../src/core/session/chain';
import { GENESIS, type EventPayload } from '../../src/core/session/events';

const start: EventPayload = {
  type: 'session-start', format: 1, id: 's', runbookPath: '/r.md', runbookSha256: sha256('x'), snapshot: { file: 'runbook.md', sha256: sha256('x'), bytes: 1 },
  title: 'T', user: 'u', host: 'h', os: { platform: 'linux', release: '6', arch: 'x64' }, tool: { name: 'runbook', version: '0' }, variables: { A: '1' }, secretNames: [], pid: 1,
};
const stepStart: EventPayload = { type: 'step-start', stepId: 'a', attempt: 1, codeSha256: sha256('c'), line: 3 };
const output: EventPayload = { type: 'output', stepId: 'a', attempt: 1, file: 'outputs/a.1.log', bytes: 0, sha256: sha256(''), headBytes: 1024, tailBytes: 2048, headSha256: sha256(''), tailSha256: sha256('') };
const stepEnd: EventPayload = { type: 'step-end', stepId: 'a', attempt: 1, status: 'passed', exitCode: 0, durationMs: 5, startedAt: 't0', endedAt: 't1' };
const check: EventPayload = { type: 'check', stepId: 'c', checked: true, author: 'u', decision: 'passed' };
const resumed: EventPayload = { type: 'session-resumed', user: 'u', host: 'h', pid: 2, runbookSha256: sha256('x'), staleSteps: [] };
const end: EventPayload = { type: 'session-end', status: 'passed' };

/** A log of `payloads` whose line `at` (0-based) is `edit`ed as JSON before it is hashed. */
function logWith(payloads: EventPayload[], at: number, edit: (event: Record<string, unknown>) => void): string {
  let prev = GENESIS;
  return payloads.map((p, i) => {
    let { line, hash } = serializeLine(p, i, '2026-01-01T00:00:00.000Z', prev);
    if (i === at) {
      const event = JSON.parse(line) as Record<string, unknown>;
      delete event.hash;
      edit(event);
      const body = JSON.stringify(event);
      hash = sha256(body);
      line = `${body.slice(0, -1)},"hash":"${hash}"}`;
    }
    prev = hash;
    return `${line}\n`;
  }).join('');
}

const all = [start, stepStart, output, stepEnd, check, resumed, end];

test('a well-formed log of every event type reads back as written', () => {
  const parsed = parseLog(logWith(all, -1, () => undefined), 'events.jsonl');
  assert.deepEqual(parsed.events.map((e) => e.type), all.map((p) => p.type));
  const ended = parsed.events[3]!;
  assert.equal(ended.type === 'step-end' && ended.exitCode, 0);
});

const cases: [string, number, (e: Record<string, unknown>) => void, RegExp][] = [
  ['a required field missing', 0, (e) => delete e.title, /events\.jsonl:1: not a valid session event at 'title': expected text, got nothing \(the field is missing\)/],
  ['a nested field of the wrong type', 0, (e) => ((e.os as Record<string, unknown>).arch = 64), /:1: not a valid session event at 'os\.arch': expected text, got number/],
  ['a record value that is not text', 0, (e) => (e.variables = { A: 1 }), /:1: not a valid session event at 'variables\.A'/],
  ['a list item of the wrong type', 5, (e) => (e.staleSteps = ['a', 2]), /:6: not a valid session event at 'staleSteps\.1'/],
  ['a digest that is not SHA-256 hex', 1, (e) => (e.codeSha256 = 'abc'), /:2: not a valid session event at 'codeSha256': expected a SHA-256 hex digest/],
  ['an attempt of 0 on a step start', 1, (e) => (e.attempt = 0), /:2: not a valid session event at 'attempt': expected an integer ≥ 1, got 0/],
  ['a fractional byte count', 2, (e) => (e.bytes = 1.5), /:3: not a valid session event at 'bytes': expected an integer/],
  ['a negative duration', 3, (e) => (e.durationMs = -1), /:4: not a valid session event at 'durationMs': expected a number ≥ 0/],
  ['an unknown step status', 3, (e) => (e.status = 'great'), /:4: not a valid session event at 'status': expected one of pending, running/],
  ['an exit code that is text', 3, (e) => (e.exitCode = '0'), /:4: not a valid session event at 'exitCode'/],
  ['null for an optional field', 4, (e) => (e.decision = null), /:5: not a valid session event at 'decision'/],
  ['an unknown event type', 6, (e) => (e.type = 'session-over'), /:7: not a valid session event at 'type': expected one of session-start, .*got 'session-over'/],
  ['a wrong format number', 0, (e) => (e.format = 2), /:1: not a valid session event at 'format': expected 1, got number/],
];

for (const [what, at, edit, message] of cases) {
  test(`a log line with ${what} names the file, line and field`, () => {
    const text = logWith(all, at, edit);
    assert.throws(() => parseLog(text, 'events.jsonl'), (e: unknown) => {
      assert.ok(e instanceof SessionLogError, String(e));
      assert.match(e.message, message);
      assert.match(e.message, /the log was altered or written by an incompatible version$/);
      return true;
    });
  });
}

test('a log line that is JSON but not an object is not a session event', () => {
  const text = `${logWith([start], -1, () => undefined)}[1,2]\n`;
  assert.throws(() => parseLog(text, 'events.jsonl'), /events\.jsonl:2: not a valid session event: expected an object, got array/);
});

test('fields the model does not know are dropped on read, and the chain still covers them', () => {
  const text = logWith(all, 2, (e) => (e.extra = { x: 1 }));
  const parsed = parseLog(text, 'events.jsonl');
  assert.equal('extra' in parsed.events[2]!, false);
  assert.match(parsed.lines[2]!, /"extra"/);
});

test('a __proto__ key in a record is kept as data, never as a prototype', () => {
  const text = logWith([start], 0, (e) => (e.variables = JSON.parse('{"__proto__":"x","B":"2"}') as unknown));
  const first = parseLog(text, 'events.jsonl').events[0]!;
  assert.ok(first.type === 'session-start');
  assert.equal(Object.getPrototypeOf(first.variables), Object.prototype);
  assert.deepEqual(Object.keys(first.variables), ['__proto__', 'B']);
});
