// Webview → host messages are validated at run time (src/extension/panel/messageGuard.ts): every
// message the protocol allows passes; an unknown type, a wrong field type, a path as a session
// id, or a step id the runbook does not have is rejected with a reason the panel logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebviewMessage } from '../../src/extension/panel/messageGuard';
import type { FromWebviewMessage } from '../../src/webview/protocol';

const IDS = new Set(['install', 'verify-1']);

// One of each (typed as messages). That every protocol type has a schema and a handler is a
// compile-time check: test/unit/webview-protocol-exhaustive.ts.
const VALID = [
  { type: 'ready' }, { type: 'rendered', stepCount: 2, checkCount: 1 }, { type: 'runStep', stepId: 'install' }, { type: 'runFrom', stepId: 'install' },
  { type: 'runAll' }, { type: 'cancel' }, { type: 'cancel', stepId: 'install' }, { type: 'skipStep', stepId: 'install' },
  { type: 'setNote', stepId: 'install', text: '<script>x</script>' }, { type: 'setCheck', stepId: 'verify-1', checked: true }, { type: 'copyOutput', stepId: 'install' },
  { type: 'newSession' }, { type: 'openSession', sessionId: 'book_20260101T000000Z_host_abcdef' }, { type: 'submitVariables', values: { A: '1' }, requestId: 3 },
  { type: 'cancelVariables', requestId: 3 }, { type: 'exportEvidence' }, { type: 'finishSession' }, { type: 'manageTrust' }, { type: 'revealLine', line: 4 },
  { type: 'openLink', href: 'https://example.com' }, { type: 'log', level: 'warn', message: 'x' },
] as const satisfies readonly FromWebviewMessage[];

test('every message type of the protocol passes the guard', () => {
  const types = new Set(VALID.map((m) => m.type));
  assert.equal(types.size, 20);
  for (const m of VALID) assert.deepEqual(checkWebviewMessage(m, IDS), { ok: true, message: m }, JSON.stringify(m));
});

test('unknown types, bad fields and unknown step ids are rejected with a reason', () => {
  const rejected: [unknown, RegExp][] = [
    [{ type: 'runShell', command: 'rm -rf /' }, /unknown message \(type "runShell"\)/],
    [{ type: '__proto__' }, /unknown/],
    [{}, /type none/],
    [null, /malformed/],
    ['runAll', /malformed/],
    [{ type: 'runStep' }, /malformed/],
    [{ type: 'runStep', stepId: 42 }, /malformed/],
    [{ type: 'runStep', stepId: 'nope' }, /names step 'nope', which this runbook does not have/],
    [{ type: 'runFrom', stepId: '../../etc' }, /does not have/],
    [{ type: 'cancel', stepId: 'ghost' }, /does not have/],
    [{ type: 'setNote', stepId: 'ghost', text: 'x' }, /does not have/],
    [{ type: 'setNote', stepId: 'install', text: { toString: 'x' } }, /malformed/],
    [{ type: 'setCheck', stepId: 'verify-1', checked: 'yes' }, /malformed/],
    [{ type: 'openSession', sessionId: '../../../etc' }, /malformed/],
    [{ type: 'submitVariables', values: { A: 1 } }, /malformed/],
    [{ type: 'revealLine', line: -1 }, /malformed/],
    [{ type: 'log', level: 'fatal', message: 'x' }, /malformed/],
  ];
  for (const [raw, reason] of rejected) {
    const r = checkWebviewMessage(raw, IDS);
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (!r.ok) assert.match(r.reason, reason, JSON.stringify(raw));
  }
});
