// The session-start event's title: parsed from the runbook when the caller gives none, or the
// caller's own (the run host has parsed the text already: a large runbook is not parsed twice
// before the socket is up). Either way it is masked like every other text from outside.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openNewSession } from '../../src/core/session';

const root = mkdtempSync(join(tmpdir(), 'rb-start-title-'));
after(() => rmSync(root, { recursive: true, force: true }));

const text = '---\ntitle: From the front matter\n---\n# Heading\n\n```bash {#a}\ntrue\n```\n';

async function startTitle(extra: { title?: string; variables?: Record<string, string>; secretNames?: string[] }): Promise<unknown> {
  const session = await openNewSession({ sessionsDir: join(root, 'sessions'), runbookPath: join(root, 'book.md'), runbookText: text, variables: extra.variables ?? {}, secretNames: extra.secretNames ?? [], tool: { name: 'test', version: '0' }, ...(extra.title !== undefined ? { title: extra.title } : {}) });
  await session.release();
  return (JSON.parse(readFileSync(join(session.dir, 'events.jsonl'), 'utf8').split('\n', 1)[0]!) as { title: unknown }).title;
}

test('without a title from the caller, the runbook is parsed for it', async () => {
  assert.equal(await startTitle({}), 'From the front matter');
});

test("the caller's title is recorded as given (the text is not parsed again), masked", async () => {
  assert.equal(await startTitle({ title: 'Parsed by the run host' }), 'Parsed by the run host');
  assert.equal(await startTitle({ title: 'Deploy with hunter22', variables: { PASS: 'hunter22' }, secretNames: ['PASS'] }), 'Deploy with ••••••');
});
