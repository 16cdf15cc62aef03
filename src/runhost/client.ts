// The one client module: connects to a session's run host over its Unix socket after checking
// that the directory and the socket are ours and private, and gives a typed JSON-RPC connection.
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, type MessageConnection } from 'vscode-jsonrpc/node';
import { checkPrivate, socketAddress } from './files';
import { FrameWriter } from './frameWriter';
import { SOCKET_FILE } from './protocol';

export interface HostConnection {
  readonly rpc: MessageConnection;
  /** Resolves when the host closes the connection (it exited) or close() was called. */
  readonly closed: Promise<void>;
  close(): void;
}

export async function connectRunHost(dir: string): Promise<HostConnection> {
  checkPrivate(dir, 'directory');
  checkPrivate(join(dir, SOCKET_FILE), 'socket');
  const address = socketAddress(dir);
  let socket: Socket;
  try {
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(address.path);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  } finally {
    address.close();
  }
  const rpc = createMessageConnection(new StreamMessageReader(socket), new FrameWriter(socket));
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
  });
  socket.on('error', () => undefined);
  rpc.listen();
  return {
    rpc,
    closed,
    close: () => {
      rpc.dispose();
      socket.destroy();
    },
  };
}
