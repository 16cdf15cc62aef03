// Everything an export is rendered from. HTML and JSON exports embed it, so `verify` can check the
// chain, the runbook copies and the output excerpts, then re-render and compare byte for byte.
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { readExcerpt } from '../session/digest';
import { LOG_FILE, SIGNATURE_FILE } from '../session/events';
import { parseLog } from '../session/chain';
import { isLockedByLiveProcess } from '../session/lock';

/** Exact bytes as UTF-8 text when they round-trip, else base64. */
export type EncodedBytes = { readonly text: string } | { readonly base64: string };

export interface Excerpt {
  readonly head: EncodedBytes;
  readonly tail: EncodedBytes;
}

export interface EvidenceInput {
  readonly format: 1;
  /** `runbook <version>` that rendered the export; verify re-renders with the same layout. */
  readonly generator: string;
  readonly exportedAt: string;
  /** The session's event log, byte for byte. */
  readonly log: string;
  /** Runbook copies by file name (masked, as stored in the session). */
  readonly snapshots: Readonly<Record<string, string>>;
  /** Output head/tail by output file (relative to the session directory). */
  readonly excerpts: Readonly<Record<string, Excerpt>>;
  /** `ssh-keygen -Y sign` signature of the log, when the session was signed. */
  readonly signature?: string;
  /**
   * The session was unfinished and its writer (per `session.lock`) was alive when exported: it is
   * shown as in progress, not interrupted. Recorded here (and bound by the seal) so `verify`
   * re-renders from what is embedded instead of probing a lock that has long gone.
   */
  readonly live?: true;
}

/**
 * Binds the fields the chain does not cover (generator, export time, signature) to the chain head,
 * so that changing one of them in an export is detected: verify re-renders the seal and compares.
 */
export function exportSeal(input: Pick<EvidenceInput, 'generator' | 'exportedAt' | 'signature' | 'live'>, headHash: string): string {
  // `live` only when set, so seals of exports made before it existed stay valid.
  return createHash('sha256').update(`${input.generator}\n${input.exportedAt}\n${input.signature ?? ''}\n${headHash}${input.live ? '\nlive' : ''}`).digest('hex');
}

export function encodeBytes(bytes: Uint8Array): EncodedBytes {
  const buf = Buffer.from(bytes);
  const text = buf.toString('utf8');
  return Buffer.from(text, 'utf8').equals(buf) ? { text } : { base64: buf.toString('base64') };
}

export function decodeBytes(encoded: EncodedBytes): Buffer {
  return 'text' in encoded ? Buffer.from(encoded.text, 'utf8') : Buffer.from(encoded.base64, 'base64');
}

/**
 * A file the log names, resolved inside the session directory. A crafted log (`../../etc/shadow`)
 * or a symlink planted in outputs/ must not make an export embed, or verify read, a file from
 * elsewhere: the real path must lie under the directory's real path.
 */
export async function sessionFile(dir: string, file: string): Promise<string> {
  const path = join(dir, file);
  const [root, real] = await Promise.all([realpath(dir), realpath(path).catch(() => undefined)]);
  if (real === undefined) return path; // missing: the caller reports it
  if (!real.startsWith(root + sep)) throw new Error(`${path}: the session log names a file outside the session directory (${real}); this session directory was tampered with`);
  return real;
}

/** Reads a session directory into an EvidenceInput (outputs: only their excerpts). */
export async function loadEvidenceInput(dir: string, generator: string, exportedAt = new Date().toISOString()): Promise<EvidenceInput> {
  const logFile = join(dir, LOG_FILE);
  const log = await readFile(logFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`${dir}: not a session directory (no ${LOG_FILE})`);
    throw error;
  });
  const parsed = parseLog(log, logFile);
  const snapshots: Record<string, string> = {};
  const excerpts: Record<string, Excerpt> = {};
  for (const e of parsed.events) {
    const snap = e.type === 'session-start' || e.type === 'session-resumed' ? e.snapshot : undefined;
    if (snap) snapshots[snap.file] = await readFile(await sessionFile(dir, snap.file), 'utf8');
    if (e.type === 'output' && e.file) {
      const { head, tail } = readExcerpt(await sessionFile(dir, e.file), undefined, e.headBytes, e.tailBytes);
      excerpts[e.file] = { head: encodeBytes(head), tail: encodeBytes(tail) };
    }
  }
  const signature = await readFile(join(dir, SIGNATURE_FILE), 'utf8').catch(() => undefined);
  // Only whole lines: a torn last line is not part of the record.
  const whole = log.slice(0, Buffer.from(log).subarray(0, parsed.intactBytes).toString('utf8').length);
  const ended = parsed.events.some((e) => e.type === 'session-end');
  const live = !ended && !parsed.torn && (await isLockedByLiveProcess(dir)) !== undefined;
  return { format: 1, generator, exportedAt, log: whole, snapshots, excerpts, ...(signature ? { signature } : {}), ...(live ? { live: true as const } : {}) };
}

/** The JSON export's input: full outputs (as exact bytes) instead of excerpts. */
export async function loadJsonInput(dir: string, generator: string, exportedAt = new Date().toISOString()) {
  const { excerpts: _excerpts, ...base } = await loadEvidenceInput(dir, generator, exportedAt);
  const outputs: Record<string, EncodedBytes> = {};
  for (const e of parseLog(base.log, join(dir, LOG_FILE)).events) {
    if (e.type === 'output' && e.file) outputs[e.file] = encodeBytes(await readFile(await sessionFile(dir, e.file)));
  }
  return { ...base, outputs };
}
