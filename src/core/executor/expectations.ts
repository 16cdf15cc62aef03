// Decides passed/failed from the exit code and the output, with a one-line reason for people.
import type { CodeStep } from '../format/model';

// CSI, OSC and two-byte escapes: `expect` is matched against the text as displayed.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface Verdict {
  readonly passed: boolean;
  readonly reason?: string;
}

/**
 * `expect-exit` lists accepted exit codes ([0] by default); `expect` is a regular expression
 * (multiline: ^ and $ match at line ends) searched in the output with ANSI escapes removed. Only
 * the retained tail is searched when the output was larger than it (`truncated`).
 */
export function judge(step: CodeStep, exitCode: number | null, signal: string | null, tail: string, truncated: boolean): Verdict {
  if (exitCode === null) return { passed: false, reason: signal ? `killed by ${signal}` : 'ended without an exit code' };
  const accepted = step.expectExit.length > 0 ? step.expectExit : [0];
  if (!accepted.includes(exitCode)) {
    return { passed: false, reason: `exit code ${exitCode} is not in expect-exit (${accepted.join(', ')})` };
  }
  if (step.expect !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(step.expect, 'm');
    } catch {
      return { passed: false, reason: `expect=${step.expect} is not a valid regular expression` };
    }
    if (!re.test(stripAnsi(tail))) {
      const where = truncated ? 'the last part of the output' : 'the output';
      return { passed: false, reason: `${where} does not match expect /${step.expect}/` };
    }
  }
  return { passed: true };
}
