// Questions on the terminal for `runbook run`: confirm gates and manual checks. Asked on
// stderr so stdout stays clean; without a TTY the answers come from --yes and --checks.
import { createInterface } from 'node:readline';
import type { CheckDecision, ExecutorHost, InteractiveCommand } from '../core/executor';
import type { CheckStep, CodeStep } from '../core/format/model';
import { runInteractiveOnTerminal } from './interactive';
import { escapeControls as shown } from '../core/text/terminal';

export type Ask = (question: string) => Promise<string>;

/** Reads one line from the terminal; an ended stdin (Ctrl-D) answers ''. */
export function terminalAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Ask {
  return (question) =>
    new Promise((resolve) => {
      const rl = createInterface({ input, output, terminal: true });
      let answered = false;
      rl.question(question, (answer) => {
        answered = true;
        rl.close();
        resolve(answer);
      });
      rl.once('close', () => {
        if (!answered) resolve('');
      });
    });
}

export interface HostChoices {
  readonly yes: boolean;
  readonly checks: 'pass' | 'skip';
  /** Present when a person can answer (stdin is a TTY). */
  readonly ask?: Ask;
}

export function cliHost(choices: HostChoices): ExecutorHost {
  return {
    async confirm(step: CodeStep, message: string): Promise<boolean> {
      if (choices.yes) return true;
      if (!choices.ask) return false; // no TTY and no --yes: blocked
      const answer = await choices.ask(`\n? ${shown(step.id)}: ${shown(message)} Run this step? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    },
    async decideCheck(step: CheckStep): Promise<CheckDecision> {
      if (!choices.ask) return choices.checks === 'pass' ? 'passed' : 'skipped';
      for (;;) {
        const answer = (await choices.ask(`\n? Manual check: ${shown(step.text)}\n  Done? [y]es / [s]kip / [f]ailed: `)).trim().toLowerCase();
        if (answer === 'y' || answer === 'yes') return 'passed';
        if (answer === 's' || answer === 'skip' || answer === '') return 'skipped';
        if (answer === 'f' || answer === 'failed' || answer === 'n' || answer === 'no') return 'failed';
      }
    },
    // Interactive steps get the terminal: same process group, stdin inherited; output masked when there are secrets.
    runInteractive: (_step: CodeStep, command: InteractiveCommand) => runInteractiveOnTerminal(command),
  };
}
