// Arguments of `runbook run`: parsed into a plain object, bad usage as a one-line UsageError.
import { UsageError } from './io';
import { parseDuration } from '../core/format/languages';
import { DEFAULT_WAIT_LIMIT_MS } from '../runhost/protocol';

export const RUN_USAGE = `Usage: runbook run FILE [options]

Run a runbook's steps in order, recording a session. Stops at the first failed, timed-out or
blocked step (unless the step has continue-on-error).

Options:
  --var NAME=VALUE  set a variable (repeatable); RUNBOOK_VAR_NAME in the environment also works.
                    A declared variable a step reads, with no value and no default, is asked
                    on a terminal (secrets hidden); without one the run stops with exit 2
  --yes             answer yes to every confirm gate (never supplies a variable)
  --from ID         run from this step to the end
  --only ID         run just this step
  --dry-run         list what would run, with resolved variables (secrets masked); run nothing
  --checks pass|skip  how manual checks are recorded without a terminal (default: skip)
  --sessions DIR    where sessions are recorded (default: .runbook/sessions)
  --resume SESSION  continue a session (its id under --sessions, or its directory)
  --json            print one JSON summary {session, status, steps} instead of live output
  --detach          start the run in a run host and return at once (follow it with runbook attach)
  --wait-limit DURATION  how long a confirm gate or manual check waits for a person when no
                    terminal is attached (e.g. 30m, 24h; default 24h), then it is recorded blocked
  --no-host         run inside this process (no run host): the run ends when this process ends
  -h, --help        show this help

The steps run in a run host, a background process that records the session: Ctrl-C cancels the
run; closing the terminal (SIGHUP) or SIGTERM only detaches this command, and the run goes on,
recorded to its end (runbook attach SESSION follows it again, runbook stop SESSION cancels it).
Runbooks with interactive steps run inside this process (they need its terminal).

Exit status: 0 passed, 1 failed or timed out, 2 bad input or usage, 3 blocked, 130 cancelled,
129/143 detached by SIGHUP/SIGTERM (the run continues).
`;

export interface RunArgs {
  readonly file: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly yes: boolean;
  readonly from?: string;
  readonly only?: string;
  readonly dryRun: boolean;
  readonly checks: 'pass' | 'skip';
  readonly sessions?: string;
  readonly resume?: string;
  readonly json: boolean;
  readonly help: boolean;
  readonly detach: boolean;
  readonly noHost: boolean;
  readonly waitLimitMs: number;
}

const HINT = "Run 'runbook run --help'";

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const vars: Record<string, string> = {};
  const files: string[] = [];
  const flags = { yes: false, dryRun: false, json: false, help: false, detach: false, noHost: false };
  const values: { from?: string; only?: string; checks?: string; sessions?: string; resume?: string } = {};
  let waitLimitMs = DEFAULT_WAIT_LIMIT_MS;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const takeValue = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value. ${HINT}`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        flags.help = true;
        break;
      case '--yes':
      case '-y':
        flags.yes = true;
        break;
      case '--dry-run':
        flags.dryRun = true;
        break;
      case '--json':
        flags.json = true;
        break;
      case '--detach':
        flags.detach = true;
        break;
      case '--no-host':
        flags.noHost = true;
        break;
      case '--wait-limit': {
        const text = takeValue();
        const ms = parseDuration(text);
        if (ms === undefined) throw new UsageError(`--wait-limit expects a duration such as 30s, 10m or 24h, got '${text}'`);
        waitLimitMs = ms;
        break;
      }
      case '--var': {
        const pair = takeValue();
        const at = pair.indexOf('=');
        if (at <= 0) throw new UsageError(`--var expects NAME=VALUE, got '${pair}'`);
        vars[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      case '--from':
      case '--only':
      case '--checks':
      case '--sessions':
      case '--resume':
        values[name.slice(2) as keyof typeof values] = takeValue();
        break;
      default:
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option '${raw}'. ${HINT}`);
        files.push(raw);
    }
  }
  if (flags.help) return { file: '', vars, checks: 'skip', waitLimitMs, ...flags };
  if (files.length !== 1) throw new UsageError(files.length === 0 ? `expects a FILE. ${HINT}` : `expects one FILE, got ${files.length}. ${HINT}`);
  if (values.from !== undefined && values.only !== undefined) throw new UsageError('--from and --only cannot be used together');
  const checks = values.checks ?? 'skip';
  if (checks !== 'pass' && checks !== 'skip') throw new UsageError(`--checks expects pass or skip, got '${checks}'`);
  if (flags.detach && flags.noHost) throw new UsageError('--detach needs the run host; it cannot be used with --no-host');
  if (flags.detach && flags.json) throw new UsageError('--detach returns at once; --json has no summary to print (use runbook attach)');
  return { file: files[0]!, vars, ...flags, ...values, checks, waitLimitMs };
}
