// A run host binds its socket before it writes host.json. A client that looks in between (a
// second `run --resume` of the same session) must not take that socket for a stale one: the
// session's lock, held by the live host, says it is not.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { releaseLock, takeLock } from '../../src/core/session/lock';
import { inspectRunHost } from '../../src/runhost/recover';
import { SOCKET_FILE } from '../../src/runhost/protocol';

test('a socket without host.json is left alone while a live process holds the session, removed once nobody does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-starting-host-'));
  const socket = join(dir, SOCKET_FILE);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(() => server.close());
  await takeLock(dir);

  assert.equal((await inspectRunHost(dir)).kind, 'none');
  assert.equal(existsSync(socket), true, 'the starting host keeps its socket');

  await releaseLock(dir);
  assert.equal((await inspectRunHost(dir)).kind, 'none');
  assert.equal(existsSync(socket), false, 'a socket nobody holds the session for is stale');
});
