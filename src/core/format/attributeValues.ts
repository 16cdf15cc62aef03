// Checks and normalises the known step attributes; unknown ones get a did-you-mean warning.
import type { AttributeEntry, AttributeValue, Diagnostic, TargetOs } from './model';
import { diagnostic } from './diagnostics';
import { FOREIGN_ATTRIBUTE_NOTES } from './foreignKeys';
import { isShellName, parseDuration } from './languages';
import { didYouMean } from './text';
import { resolveStepId, type IdCandidates } from './stepId';
import { errorMessage } from '../text/errorMessage';

export const KNOWN_ATTRIBUTES: readonly string[] = [
  'id', 'name', 'title', 'timeout', 'confirm', 'expect', 'expect-exit', 'cwd',
  'continue-on-error', 'interactive', 'norun', 'shell', 'when', 'keep-background',
  'excludeFromRunAll', 'ignore', 'transform',
];

/** The longest timeout accepted (7 days): beyond it a timer would be a typo, not a plan. */
export const MAX_TIMEOUT_MS = 7 * 24 * 3_600_000;

/** Why a parsed duration is refused (too long), naming the maximum; undefined when it is fine. */
export function timeoutTooLong(ms: number, written: string): string | undefined {
  return ms > MAX_TIMEOUT_MS ? `timeout '${written}' is longer than the maximum of 7 days (168h): write a shorter timeout, or none` : undefined;
}

const OS_VALUES: readonly TargetOs[] = ['linux', 'darwin', 'windows'];
const OS_ALIASES: Readonly<Record<string, TargetOs>> = { macos: 'darwin', mac: 'darwin', osx: 'darwin', win: 'windows', win32: 'windows', windows_nt: 'windows' };

export interface StepSettings {
  id?: string;
  idEntry?: AttributeEntry;
  /** Runme's `id` when `name` gave the step id. */
  alias?: string;
  excludeFromRunAll?: boolean;
  title?: string;
  timeoutMs?: number;
  confirm?: string | true;
  expect?: string;
  expectExit: number[];
  cwd?: string;
  continueOnError: boolean;
  interactive: boolean;
  keepBackground: boolean;
  norun: boolean;
  shell?: string;
  when?: TargetOs;
}

/** Reads the entries of one fence (at `line`); pushes problems to `out`. */
export function readStepSettings(entries: readonly AttributeEntry[], line: number, out: Diagnostic[]): StepSettings {
  const s: StepSettings = { expectExit: [0], continueOnError: false, interactive: false, keepBackground: false, norun: false };
  const bad = (e: AttributeEntry, code: BadCode, message: string, data?: Record<string, string>) => report(out, line, e, code, message, data);
  const text = (e: AttributeEntry) => textValue(out, line, e);
  const flag = (e: AttributeEntry) => flagValue(out, line, e);
  const ids: IdCandidates = {};
  for (const e of entries) {
    switch (e.key) {
      case 'id':
      case 'name': {
        const v = text(e);
        if (v !== undefined) (ids[e.key] ??= []).push({ value: v, entry: e }); // resolved after the loop: `name` wins
        break;
      }
      case 'title':
        s.title = text(e);
        break;
      case 'timeout': {
        const ms = typeof e.value === 'string' ? parseDuration(e.value) : undefined;
        const tooLong = ms === undefined ? undefined : timeoutTooLong(ms, String(e.value));
        if (ms === undefined) bad(e, 'bad-timeout', `timeout '${String(e.value)}' is not a duration: write a number with a unit, e.g. timeout=30s, 5m or 1h`);
        else if (tooLong) bad(e, 'bad-timeout', tooLong);
        else s.timeoutMs = ms;
        break;
      }
      case 'confirm': {
        const b = toBoolean(e.value);
        if (b === true) s.confirm = true;
        else if (b === false) s.confirm = undefined;
        else s.confirm = String(e.value);
        break;
      }
      case 'expect': {
        const v = text(e);
        if (v === undefined) break;
        const problem = regexProblem(v);
        if (problem === undefined) s.expect = v;
        else bad(e, 'bad-expect-regex', `expect is not a valid regular expression (${problem}): escape special characters such as ( [ * with a backslash`);
        break;
      }
      case 'expect-exit': {
        const codes = typeof e.value === 'string' ? e.value.split(',').map((c) => c.trim()) : [];
        if (codes.length === 0 || codes.some((c) => !/^-?\d{1,10}$/.test(c) || Math.abs(Number(c)) > 4294967295)) {
          bad(e, 'bad-expect-exit', `expect-exit '${String(e.value)}' is not a list of exit codes: write e.g. expect-exit=0,3010`);
        } else s.expectExit = [...new Set(codes.map(Number))];
        break;
      }
      case 'cwd':
        s.cwd = text(e);
        break;
      case 'continue-on-error':
        s.continueOnError = flag(e) ?? false;
        break;
      case 'interactive':
        s.interactive = flag(e) ?? false;
        break;
      case 'keep-background':
        s.keepBackground = flag(e) ?? false;
        break;
      case 'norun':
        s.norun ||= flag(e) ?? false;
        break;
      // Runme: `ignore=true` and `transform=false` make the block documentation.
      case 'ignore':
        s.norun ||= flag(e) ?? false;
        break;
      case 'transform':
        s.norun ||= flag(e) === false;
        break;
      case 'excludeFromRunAll':
        s.excludeFromRunAll = flag(e) ?? false;
        break;
      case 'shell': {
        const v = text(e);
        // Any installed shell runs (a missing one fails at run time with "not installed").
        if (v !== undefined && !isShellName(v)) bad(e, 'bad-attribute-value', `shell '${v}' is not a program name: write e.g. shell=ksh or shell=/bin/ksh`);
        else s.shell = v;
        break;
      }
      case 'when': {
        const v = typeof e.value === 'string' ? e.value.toLowerCase() : '';
        if ((OS_VALUES as readonly string[]).includes(v)) s.when = v as TargetOs;
        else {
          const hint = OS_ALIASES[v] ?? didYouMean(v, OS_VALUES);
          bad(e, 'bad-attribute-value', `when='${String(e.value)}' is not an operating system: use linux, darwin or windows${hint ? ` (did you mean '${hint}'?)` : ''}`, hint ? { suggestion: hint } : undefined);
        }
        break;
      }
      default: {
        if (Object.hasOwn(FOREIGN_ATTRIBUTE_NOTES, e.key)) {
          const note = FOREIGN_ATTRIBUTE_NOTES[e.key]!(e.value);
          if (note) out.push(diagnostic('information', 'foreign-attribute', line, e.column, `${e.key}: ${note}`, { endColumn: e.column + e.key.length }));
          break;
        }
        const hint = didYouMean(e.key, KNOWN_ATTRIBUTES);
        out.push(diagnostic('warning', 'unknown-attribute', line, e.column,
          `unknown attribute '${e.key}'${hint ? `: did you mean '${hint}'?` : `: known attributes are ${KNOWN_ATTRIBUTES.join(', ')}`}`,
          { endColumn: e.column + e.key.length, ...(hint ? { data: { suggestion: hint } } : {}) }));
      }
    }
  }
  Object.assign(s, resolveStepId(ids, line, out));
  return s;
}

type BadCode = 'bad-timeout' | 'bad-expect-exit' | 'bad-expect-regex' | 'bad-attribute-value';

// Module-level helpers rather than per-call closures: this runs once per step on large runbooks.
function report(out: Diagnostic[], line: number, e: AttributeEntry, code: BadCode, message: string, data?: Record<string, string>): void {
  out.push(diagnostic('error', code, line, e.column, message, { endColumn: e.endColumn, ...(data ? { data } : {}) }));
}

function textValue(out: Diagnostic[], line: number, e: AttributeEntry): string | undefined {
  if (typeof e.value === 'string' && e.value.trim()) return e.value;
  report(out, line, e, 'bad-attribute-value', `'${e.key}' needs a value: write ${e.key}="…"`);
  return undefined;
}

function flagValue(out: Diagnostic[], line: number, e: AttributeEntry): boolean | undefined {
  const v = toBoolean(e.value);
  if (v === undefined) report(out, line, e, 'bad-attribute-value', `'${e.key}' is true or false, not '${String(e.value)}': write ${e.key} or ${e.key}=false`);
  return v;
}

/** Why `source` is not a valid regular expression, or undefined; cached because runbooks repeat patterns. */
const regexProblems = new Map<string, string | undefined>();
function regexProblem(source: string): string | undefined {
  if (regexProblems.has(source)) return regexProblems.get(source);
  let problem: string | undefined;
  try {
    new RegExp(source, 'm');
  } catch (error) {
    problem = errorMessage(error).replace(/^Invalid regular expression: /, '');
  }
  if (regexProblems.size > 1000) regexProblems.clear();
  regexProblems.set(source, problem);
  return problem;
}

function toBoolean(v: AttributeValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = v.toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1' || s === '') return true;
  if (s === 'false' || s === 'no' || s === '0') return false;
  return undefined;
}
