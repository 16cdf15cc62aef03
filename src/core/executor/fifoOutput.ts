// Reads a step's stdout and stderr FIFOs (the live shell's, and a one-spawn step's: stepFifos.ts)
// into ONE buffer reused for every read in this process: net.Socket's `onread` hands each read to
// the sink before the next one lands, so a flood allocates nothing per read that would wait for a
// collection (child_process's own pipes allocate a fresh 64 KiB Buffer per read; docs/performance.md,
// CLI section). The sink copies whatever it keeps (the OutputSink contract). Safe to share between
// streams, steps and runs: a read is handed over synchronously, one at a time, on the one JS thread.
import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import type { OutputSink } from './stepProcess';
import type { OutputStream } from './types';

/** The size of one pipe read (libuv's own). */
export const READ_BYTES = 64 * 1024;

const readBuffer = Buffer.allocUnsafe(READ_BYTES);

/**
 * What reaches the sink of one read: `data` itself, a part of it (empty: nothing). Runs before the
 * sink, on the shared buffer.
 */
export type ReadFilter = (stream: OutputStream, data: Buffer) => Buffer;

/**
 * Starts reading `fds` ([stdout, stderr], FIFOs opened for reading, non-blocking) into the sink;
 * both pause while the sink asks to wait. The sockets own the fds (destroying one closes it).
 */
export function readOutput(fds: readonly [number, number], sink: OutputSink, filter?: ReadFilter): Socket[] {
  const sockets: Socket[] = [];
  const names: readonly OutputStream[] = ['stdout', 'stderr'];
  fds.forEach((fd, i) => {
    const name = names[i]!;
    const onRead = (n: number): boolean => {
      let data: Buffer = readBuffer.subarray(0, n);
      if (filter) data = filter(name, data);
      if (data.length > 0) deliver(sink, name, data, sockets);
      return true;
    };
    // `onread` is an option of the constructor (Node's net docs); @types/node 20 lists it for connect() only.
    const options: SocketConstructorOpts & { onread: OnReadOpts } = { fd, readable: true, writable: false, onread: { buffer: readBuffer, callback: onRead } };
    const socket = new Socket(options);
    socket.on('error', () => undefined);
    sockets.push(socket);
  });
  return sockets;
}

/** Hands `data` to the sink; while it asks to wait, every stream of the step is paused. */
export function deliver(sink: OutputSink, name: OutputStream, data: Buffer, streams: readonly { pause(): unknown; resume(): unknown }[]): void {
  if (!sink.write(name, data)) {
    streams.forEach((s) => s.pause());
    sink.onceDrain(() => streams.forEach((s) => s.resume()));
  }
}

interface OutputStreamHandle {
  readonly readableEnded: boolean;
  readonly destroyed: boolean;
  once(event: 'close', listener: () => void): unknown;
  destroy(): unknown;
}

/**
 * Waits until every stream has read its end (every writer closed it), at most `graceMs`; after
 * that destroys them (a process that escaped the step keeps them open). True when all ended.
 */
export async function outputEnded(streams: readonly OutputStreamHandle[], graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const closed = Promise.all(streams.map((s) => new Promise<void>((r) => (s.readableEnded || s.destroyed ? r() : s.once('close', () => r())))));
  const ended = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
  clearTimeout(timer);
  if (!ended) streams.forEach((s) => s.destroy());
  return ended;
}
