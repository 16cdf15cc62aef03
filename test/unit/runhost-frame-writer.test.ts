// FrameWriter: each JSON-RPC message is one frame, frames written in one tick leave together, and
// a reader (vscode-jsonrpc's) gets every message whole and in order — multi-byte text included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, createConnection, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import { FrameWriter } from '../../src/runhost/frameWriter';

async function pair(): Promise<{ client: Socket; server: Socket; close(): void }> {
  const path = join(mkdtempSync(join(tmpdir(), 'rb-frames-')), 's.sock');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(path, r));
  const accepted = new Promise<Socket>((r) => srv.once('connection', r));
  const client = createConnection(path);
  const server = await accepted;
  return { client, server, close: () => { client.destroy(); server.destroy(); srv.close(); } };
}

test('messages written in one tick arrive whole, in order, and in one read', async () => {
  const { client, server, close } = await pair();
  try {
    const reader = new StreamMessageReader(server);
    const got: Message[] = [];
    const all = new Promise<void>((resolve) => reader.listen((m) => {
      got.push(m);
      if (got.length === 3) resolve();
    }));
    // Count what reaches the socket's own write methods: one writev for the tick, no single writes.
    const calls: string[] = [];
    const raw = client as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const [write, writev] = [raw._write.bind(client), raw._writev.bind(client)];
    raw._write = (...a) => (calls.push('write'), write(...a));
    raw._writev = (...a) => (calls.push('writev'), writev(...a));
    const writer = new FrameWriter(client);
    const sent = [
      { jsonrpc: '2.0', method: 'started', params: { step: 'é — 東京 🚀' } },
      { jsonrpc: '2.0', method: 'output', params: { text: 'x'.repeat(70_000) } },
      { jsonrpc: '2.0', method: 'ended', params: { status: 'passed' } },
    ] as unknown as Message[];
    await Promise.all(sent.map((m) => writer.write(m)));
    await all;
    assert.deepEqual(got, sent);
    assert.deepEqual(calls, ['writev'], 'the three frames of one tick leave in one writev');
  } finally {
    close();
  }
});

test('a write to a closed socket rejects and reports the error', async () => {
  const { client, close } = await pair();
  const writer = new FrameWriter(client);
  const errors: unknown[] = [];
  writer.onError((e) => errors.push(e));
  client.destroy();
  await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'late' } as unknown as Message));
  close();
  assert.ok(errors.length >= 1);
});
