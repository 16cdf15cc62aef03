// Reads a secret from the terminal without echoing it: the TTY goes to raw mode (no echo, no
// line editing by the kernel), keys are handled here, and nothing typed is ever written back.
// readline is not used: it echoes what it reads.

/** The parts of process.stdin this needs (a tty.ReadStream). */
export interface RawInput extends NodeJS.ReadableStream {
  setRawMode?(mode: boolean): unknown;
  readonly isRaw?: boolean;
}

/** Resolves the typed text on Enter; null on Ctrl-C, Ctrl-D on an empty line, or end of input. */
export function readHidden(input: RawInput, output: { write(text: string): unknown }, question: string): Promise<string | null> {
  return new Promise((resolve) => {
    const wasRaw = input.isRaw === true;
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    output.write(question);
    let value = '';
    const finish = (result: string | null) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      resolve(result);
    };
    const onEnd = () => finish(null);
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003') return finish(null); // Ctrl-C
        if (ch === '\u0004') {
          if (value === '') return finish(null); // Ctrl-D on an empty line
          continue;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = ''; // Ctrl-U
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
