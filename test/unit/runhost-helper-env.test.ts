// The run host is a Node process that makes no TLS connection: it starts without
// NODE_EXTRA_CA_CERTS (Node would read that bundle at start-up, ~35 ms), while its steps still get
// the run's environment as it was given.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { connectRunHost } from '../../src/runhost/client';
import * as P from '../../src/runhost/protocol';
import { runHostBundle } from './reliability-cli';
import { book, noHostLeft, startRunForClient, until } from './runhost-helpers';

process.env.RUNBOOK_RUNHOST_SCRIPT ??= runHostBundle();
after(noHostLeft);

const BOOK = '# Env\n\n```bash {#env}\necho "ca=${NODE_EXTRA_CA_CERTS-unset}"\n```\n';

test('the run host starts without NODE_EXTRA_CA_CERTS; its steps still have it', async (t) => {
  const bundle = '/etc/ssl/certs/ca-certificates.crt';
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  t.after(() => (saved === undefined ? delete process.env.NODE_EXTRA_CA_CERTS : (process.env.NODE_EXTRA_CA_CERTS = saved)));
  const b = book(BOOK);
  const started = await startRunForClient(b, BOOK);
  // The run waits for this client: the host is up and has run nothing yet.
  const hostEnv = readFileSync(`/proc/${started.pid}/environ`, 'utf8').split('\0');
  assert.ok(hostEnv.some((e) => e.startsWith('PATH=')), 'the host has the rest of the environment');
  assert.equal(hostEnv.some((e) => e.startsWith('NODE_EXTRA_CA_CERTS=')), false, 'the host process has no NODE_EXTRA_CA_CERTS');

  const host = await connectRunHost(started.sessionDir);
  let output = '';
  host.rpc.onNotification(P.OutputNotification, (p) => (output += p.chunks.map((c) => c.text).join('')));
  const ended = new Promise<void>((resolve) => host.rpc.onNotification(P.RunEndedNotification, () => resolve()));
  await host.rpc.sendRequest(P.AttachRequest, { canAnswer: false, client: 'test' });
  await ended;
  assert.equal(output, `ca=${bundle}\n`, 'the step sees the run environment as given');
  host.close();
  await until('the host to exit', () => !existsSync(`/proc/${started.pid}`));
});
