// The client that starts a run host with a run (`runbook run`) attaches right after the host is
// ready. Steps that ended before that attach were shown only as status lines, without their output
// (seen as a flaky test once the host got faster): the run now waits for that client. And an end
// held behind its fsync reaches only the clients attached when it happened: a client attaching in
// between has it in its snapshot already.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectRunHost } from '../../src/runhost/client';
import * as P from '../../src/runhost/protocol';
import { runHostBundle } from './reliability-cli';
import { book, noHostLeft, startRunForClient, until } from './runhost-helpers';

process.env.RUNBOOK_RUNHOST_SCRIPT ??= runHostBundle();
after(noHostLeft);

const BOOK = '# Fast\n\n```bash {#one}\necho "one printed" > one.txt; echo one printed\n```\n\n```bash {#two}\necho two printed\n```\n';

test('a run started for an attaching client waits for it: its snapshot has every step pending, then every output arrives once', async () => {
  const b = book(BOOK);
  const started = await startRunForClient(b, BOOK);
  // Before the fix the first step ran at once: give it far more time than it needs, it must not run.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(existsSync(join(b.dir, 'one.txt')), false, 'no step ran before the client attached');

  const host = await connectRunHost(started.sessionDir);
  const seen: string[] = [];
  host.rpc.onNotification(P.OutputNotification, (p) => seen.push(`${p.stepId}: ${p.chunks.map((c) => c.text).join('')}`));
  host.rpc.onNotification(P.StepEndedNotification, (p) => seen.push(`${p.stepId} ${p.status}`));
  const ended = new Promise<void>((resolve) => host.rpc.onNotification(P.RunEndedNotification, () => resolve()));
  const snapshot = await host.rpc.sendRequest(P.AttachRequest, { canAnswer: false, client: 'test' });
  assert.deepEqual(snapshot.steps.map((s) => s.status), ['pending', 'pending']);
  await ended;
  assert.deepEqual(seen, ['one: one printed\n', 'one passed', 'two: two printed\n', 'two passed']);
  host.close();
  await until('the host to exit', () => !existsSync(`/proc/${started.pid}`));
});
