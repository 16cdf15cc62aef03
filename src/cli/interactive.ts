// Interactive steps on the CLI. The step gets the terminal's stdin (it can prompt and read).
// Without secrets it also gets the terminal's stdout/stderr as is (full TTY: editors, pagers).
// With secrets, stdout and stderr go through the same streaming masker as recorded output
// before they reach the terminal, so a secret the step prints is shown as ••••••; the step then
// sees pipes, not a TTY, on those two streams. Bytes that could begin a secret wait for the next
// output (never released early: that would show a split secret). Output written to /dev/tty
// directly bypasses this.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { SecretMasker, type InteractiveCommand } from '../core/executor';

export function runInteractiveOnTerminal(command: InteractiveCommand): Promise<number | null> {
  const secrets = command.secrets ?? [];
  return new Promise((resolve) => {
    const child = spawn(command.file, [...command.args], {
      cwd: command.cwd,
      env: command.env,
      stdio: secrets.length > 0 ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    });
    const pipes = secrets.length > 0 ? [maskInto(child.stdout!, process.stdout, secrets), maskInto(child.stderr!, process.stderr, secrets)] : [];
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => {
      // Killed by a signal: report it the way shells do (128 + signal number).
      const status = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null);
      // Background children may hold the pipes: release what arrived, then stop reading.
      void Promise.race([Promise.all(pipes.map((p) => p.closed)), new Promise((r) => setTimeout(r, 500))]).then(() => {
        pipes.forEach((p) => p.finish());
        resolve(status);
      });
    });
  });
}

function maskInto(from: NodeJS.ReadableStream & { destroy(): void }, to: NodeJS.WritableStream, secrets: readonly string[]): { closed: Promise<void>; finish(): void } {
  const masker = new SecretMasker(secrets);
  let done = false;
  from.on('data', (chunk: Buffer) => {
    const out = masker.push(chunk);
    if (out.length > 0) to.write(out);
  });
  const closed = new Promise<void>((r) => from.once('close', () => r()));
  return {
    closed,
    finish: () => {
      if (done) return;
      done = true;
      const rest = masker.end();
      if (rest.length > 0) to.write(rest);
      from.destroy();
    },
  };
}
