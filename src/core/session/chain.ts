// Hash-chained JSON Lines: serialising a line, parsing a log (each line checked, torn last line
// tolerated) and checking the chain. Pure functions; the file I/O lives in log-writer.ts.
import { createHash } from 'node:crypto';
import { GENESIS, sessionEvent, type EventPayload, type SessionEvent } from './events';
import { GuardError } from './jsonGuard';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A log that cannot be read: names the file and 1-based line, says what to do. */
export class SessionLogError extends Error {
  constructor(readonly file: string, readonly line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
  }
}

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

const SURROGATE = /[\uD800-\uDFFF]/;
/**
 * A lone UTF-16 surrogate (a step id or note from a JS caller) is recorded as U+FFFD, exactly what
 * writing it as UTF-8 makes of it (the runbook copy, the exports): every file agrees on one text.
 */
function wellFormedStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' && SURROGATE.test(value) ? Buffer.from(value, 'utf8').toString('utf8') : value;
}

/** Serialises one event: `{seq,time,type,prev,…payload}` then appends its own hash. */
export function serializeLine(payload: EventPayload, seq: number, time: string, prev: string): { line: string; hash: string } {
  const { type, ...rest } = payload;
  const body = JSON.stringify({ seq, time, type, prev, ...rest }, wellFormedStrings);
  const hash = sha256(body);
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** Recomputes a line's own hash from its bytes; undefined when the line has no hash suffix. */
export function recomputeLineHash(line: string): { stated: string; actual: string } | undefined {
  const m = HASH_SUFFIX.exec(line);
  if (!m) return undefined;
  return { stated: m[1]!, actual: sha256(`${line.slice(0, m.index)}}`) };
}

export interface ParsedLog {
  readonly events: readonly SessionEvent[];
  /** The whole lines, without their newline. */
  readonly lines: readonly string[];
  /** A last line without its newline: the writer died mid-write. Not part of `events`. */
  readonly torn: boolean;
  /** Byte length of the whole lines (where a resumed writer continues). */
  readonly intactBytes: number;
  readonly headHash: string;
}

/**
 * Parses a log. A malformed whole line throws SessionLogError (file, line). An unterminated last
 * line is reported as `torn`, never as corruption: appends end with "\n", so it was never committed.
 */
export function parseLog(text: string, file: string): ParsedLog {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const torn = tail.length > 0;
  const events: SessionEvent[] = [];
  parts.forEach((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new SessionLogError(file, i + 1, 'not valid JSON: the event log was altered or damaged; restore it from a copy (run `runbook verify` on it for details)');
    }
    try {
      events.push(sessionEvent(json, []));
    } catch (error) {
      if (!(error instanceof GuardError)) throw error;
      const where = error.path.length ? ` at '${error.path.join('.')}'` : '';
      throw new SessionLogError(file, i + 1, `not a valid session event${where}: ${error.message}; the log was altered or written by an incompatible version`);
    }
  });
  if (events.length === 0 && !torn && parts.length === 0) throw new SessionLogError(file, 1, 'the event log is empty: this is not a session (or it died before its first event)');
  if (events.length > 0 && events[0]!.type !== 'session-start') throw new SessionLogError(file, 1, 'the first event is not session-start');
  const intactBytes = Buffer.byteLength(text) - Buffer.byteLength(tail);
  return { events, lines: parts, torn, intactBytes, headHash: events.at(-1)?.hash ?? GENESIS };
}

/** The first break in the chain: line (1-based) and what is wrong, or undefined when intact. */
export function checkChain(lines: readonly string[], events: readonly SessionEvent[]): { line: number; problem: string } | undefined {
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const event = events[i]!;
    const own = recomputeLineHash(lines[i]!);
    if (!own) return { line: i + 1, problem: 'has no hash field at its end' };
    if (own.stated !== own.actual) return { line: i + 1, problem: 'was altered (its content does not match its hash)' };
    if (event.seq !== i) return { line: i + 1, problem: `has seq ${event.seq}, expected ${i} (a line was removed, added or moved)` };
    if (event.prev !== prev) return { line: i + 1, problem: 'does not follow the line before it (prev hash mismatch: a line was altered, removed or inserted)' };
    prev = own.actual;
  }
  return undefined;
}
