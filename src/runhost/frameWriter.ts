// The JSON-RPC writer for the run host's socket (host and clients). vscode-jsonrpc's
// StreamMessageWriter writes each message as two writes (header, then body) awaited one after the
// other behind a setImmediate, so a step's three notifications cost six syscalls and a dozen
// event-loop turns. Here a message is one frame (header + body in one buffer), and the frames
// written in the same tick leave in one writev: the socket is corked until the tick ends.
import type { Socket } from 'node:net';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-jsonrpc/node';

export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly socket: Socket) {
    super();
    socket.on('error', (error) => this.fireError(error));
    socket.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    if (!this.socket.writableCorked) {
      this.socket.cork();
      process.nextTick(() => this.socket.uncork());
    }
    return new Promise((resolve, reject) => {
      this.socket.write(frame, (error) => {
        if (error) {
          this.fireError(error, message);
          reject(error);
        } else resolve();
      });
    });
  }

  end(): void {
    this.socket.end();
  }
}
