// `runbook verify`: a session directory (chain + runbook copies + output files), or an HTML or
// JSON export (embedded chain + copies + outputs/excerpts, then a byte-for-byte re-render).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkChain, parseLog, sha256, SessionLogError, type ParsedLog } from '../session/chain';
import { fileSha256 } from '../session/digest';
import { LOG_FILE, SIGNATURE_FILE } from '../session/events';
import { outputFileName } from '../session/naming';
import { unescapeText } from './ansi';
import { DATA_CLOSE, DATA_OPEN, renderHtml } from './html';
import { decodeBytes, sessionFile, type EvidenceInput } from './input';
import { renderJson, type JsonInput } from './json';
import { htmlRecord, jsonRecord } from './recordGuard';
import { verifySignature } from './sign';

export interface VerifyOptions {
  /** An allowed_signers file: the signature must be present and good. */
  readonly allowedSigners?: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly kind: 'session' | 'html' | 'json';
  /** One line: the summary when intact, else the first problem (file and line). */
  readonly message: string;
}

class Altered extends Error {}
const fail = (message: string): never => {
  throw new Altered(message);
};

function chainOf(log: string, label: string): ParsedLog {
  let parsed: ParsedLog;
  try {
    parsed = parseLog(log, label);
  } catch (error) {
    if (error instanceof SessionLogError) fail(error.message);
    throw error;
  }
  if (parsed.torn) fail(`${label}:${parsed.lines.length + 1}: the last line is incomplete (the session was interrupted mid-write; \`runbook run --resume\` repairs it); the ${parsed.lines.length} lines before it are intact`);
  const broken = checkChain(parsed.lines, parsed.events);
  if (broken) fail(`${label}:${broken.line}: line ${broken.line} ${broken.problem}`);
  return parsed;
}

function snapshotsOf(parsed: ParsedLog) {
  return parsed.events.flatMap((e) => ((e.type === 'session-start' || e.type === 'session-resumed') && e.snapshot ? [e.snapshot] : []));
}

/** Output files the log names (by `output` events). */
function outputFilesOf(parsed: ParsedLog): Set<string> {
  return new Set(parsed.events.flatMap((e) => (e.type === 'output' && e.file ? [e.file] : [])));
}

/** Content the log does not name is not part of the record: an addition is an alteration. */
function onlyNamed(label: string, what: string, keys: readonly string[], named: ReadonlySet<string>): void {
  const extra = keys.find((k) => !named.has(k));
  if (extra !== undefined) fail(`${label}: ${what} '${extra}' is not named by the event log (content was added to the record)`);
}

/**
 * Files in outputs/ the log does not name. An attempt that started and has no output event yet
 * (running, or cut off by a crash; a resume records it) may have its file; nothing else may be there.
 */
async function checkOutputsDir(dir: string, parsed: ParsedLog): Promise<void> {
  const named = new Set([...outputFilesOf(parsed)].map((f) => f.split('\\').join('/')));
  const recorded = new Set(parsed.events.flatMap((e) => (e.type === 'output' ? [`${e.stepId}#${e.attempt}`] : [])));
  for (const e of parsed.events) if (e.type === 'step-start' && !recorded.has(`${e.stepId}#${e.attempt}`)) named.add(outputFileName(e.stepId, e.attempt));
  const entries = await readdir(join(dir, 'outputs')).catch(() => [] as string[]);
  onlyNamed(join(dir, 'outputs'), 'the file', entries.map((f) => `outputs/${f}`), named);
}

function describe(parsed: ParsedLog, outputs: number, bytes: number): string {
  const start = parsed.events[0]!;
  const end = [...parsed.events].reverse().find((e) => e.type === 'session-end');
  const ending = end?.type === 'session-end' ? `ended ${end.status}` : 'not ended';
  return `${start.type === 'session-start' ? start.id : ''}: ${parsed.events.length} events, ${outputs} outputs (${bytes} bytes), ${ending}, chain head ${parsed.headHash.slice(0, 16)}`;
}

async function signature(log: string | Buffer, sig: string | undefined, options: VerifyOptions): Promise<string> {
  // A .sig nobody checked proves nothing (it may be stale, or not match): never call it "signed".
  if (!options.allowedSigners) return sig ? '; signature present, not checked (pass --allowed-signers FILE to check it)' : '';
  if (!sig) fail('the record is not signed, but --allowed-signers asks for a signature (sign it with `runbook sign SESSION --key KEY`)');
  const check = await verifySignature(log, sig!, options.allowedSigners);
  if (!check.ok) fail(`signature: ${check.message}`);
  return `; ${check.message}`;
}

async function verifySession(dir: string, options: VerifyOptions): Promise<string> {
  const logFile = join(dir, LOG_FILE);
  const raw = await readFile(logFile).catch(() => fail(`${logFile}: missing (not a session directory?)`));
  const parsed = chainOf(raw.toString('utf8'), logFile);
  for (const s of snapshotsOf(parsed)) {
    const file = await sessionFile(dir, s.file).catch((error: Error) => fail(error.message));
    const actual = await readFile(file).catch(() => fail(`${file}: the runbook copy is missing`));
    if (actual.length !== s.bytes || sha256(actual) !== s.sha256) fail(`${file}: the runbook copy was altered (its SHA-256 differs from the log's)`);
  }
  let outputs = 0;
  let bytes = 0;
  for (const e of parsed.events) {
    if (e.type !== 'output' || !e.file) continue;
    const file = await sessionFile(dir, e.file).catch((error: Error) => fail(error.message));
    const size = await stat(file).then((s) => s.size, () => fail(`${file}: the output of step '${e.stepId}' is missing`));
    if (size !== e.bytes || (await fileSha256(file)) !== e.sha256) fail(`${file}: the output of step '${e.stepId}' was altered (log line ${e.seq + 1} records ${e.bytes} bytes, SHA-256 ${e.sha256.slice(0, 16)}…)`);
    outputs += 1;
    bytes += size;
  }
  await checkOutputsDir(dir, parsed);
  const sig = await readFile(join(dir, SIGNATURE_FILE), 'utf8').catch(() => undefined);
  return `intact: session ${describe(parsed, outputs, bytes)}${await signature(raw, sig, options)}`;
}

/** What a string becomes once written as UTF-8 (a lone surrogate becomes U+FFFD), as the export file holds it. */
function wellFormed(text: string): string {
  return /[\uD800-\uDFFF]/.test(text) ? Buffer.from(text, 'utf8').toString('utf8') : text;
}

function firstDifference(actual: string, expected: string): number {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return actual.slice(0, i).split('\n').length;
}

function checkRecord(input: Pick<EvidenceInput, 'log' | 'snapshots'>, label: string): ParsedLog {
  const parsed = chainOf(input.log, `${label} (embedded event log)`);
  onlyNamed(label, 'the embedded runbook copy', Object.keys(input.snapshots), new Set(snapshotsOf(parsed).map((s) => s.file)));
  for (const s of snapshotsOf(parsed)) {
    const text = input.snapshots[s.file];
    if (text === undefined || sha256(text) !== s.sha256) fail(`${label}: the embedded runbook copy ${s.file} was altered or is missing`);
  }
  return parsed;
}

async function verifyHtml(file: string, text: string, options: VerifyOptions): Promise<string> {
  const open = text.lastIndexOf(DATA_OPEN);
  const close = open < 0 ? -1 : text.indexOf(DATA_CLOSE, open);
  if (open < 0 || close < 0) fail(`${file}: no embedded evidence record (the file was altered, or it is not a Runbook HTML export)`);
  let input: EvidenceInput;
  try {
    input = htmlRecord(JSON.parse(unescapeText(text.slice(open + DATA_OPEN.length, close))), []);
  } catch {
    return fail(`${file}:${text.slice(0, open).split('\n').length}: the embedded evidence record is damaged`);
  }
  const parsed = checkRecord(input, file);
  onlyNamed(file, 'the embedded output excerpt', Object.keys(input.excerpts), outputFilesOf(parsed));
  let outputs = 0;
  let bytes = 0;
  for (const e of parsed.events) {
    if (e.type !== 'output' || !e.file) continue;
    const ex = input.excerpts[e.file];
    if (!ex) fail(`${file}: the excerpt of ${e.file} is missing`);
    const head = decodeBytes(ex!.head);
    const tail = decodeBytes(ex!.tail);
    const whole = e.bytes <= e.headBytes + e.tailBytes;
    if (head.length !== Math.min(e.bytes, e.headBytes) || tail.length !== Math.min(e.bytes - head.length, e.tailBytes) || sha256(head) !== e.headSha256 || sha256(tail) !== e.tailSha256 || (whole && sha256(Buffer.concat([head, tail])) !== e.sha256)) {
      fail(`${file}: the output shown for step '${e.stepId}' (${e.file}) differs from the recorded output`);
    }
    outputs += 1;
    bytes += e.bytes;
  }
  const expected = wellFormed(renderHtml(input));
  if (expected !== text) fail(`${file}:${firstDifference(text, expected)}: the document was altered (it differs from what its embedded record renders${input.generator ? ` with ${input.generator}` : ''})`);
  return `intact: HTML export of session ${describe(parsed, outputs, bytes)}${await signature(input.log, input.signature, options)}`;
}

async function verifyJson(file: string, text: string, options: VerifyOptions): Promise<string> {
  let input: JsonInput;
  try {
    const doc = jsonRecord(JSON.parse(text), []);
    input = { format: doc.format, generator: doc.generator, exportedAt: doc.exportedAt, log: doc.log, snapshots: doc.snapshots, outputs: doc.outputs, ...(doc.signature !== undefined ? { signature: doc.signature } : {}), ...(doc.live ? { live: true as const } : {}) };
  } catch {
    return fail(`${file}: not a valid Runbook JSON export (altered or damaged)`);
  }
  const parsed = checkRecord(input, file);
  onlyNamed(file, 'the embedded output', Object.keys(input.outputs), outputFilesOf(parsed));
  let outputs = 0;
  let bytes = 0;
  for (const e of parsed.events) {
    if (e.type !== 'output' || !e.file) continue;
    const content = input.outputs[e.file];
    if (!content) fail(`${file}: the output ${e.file} is missing`);
    const buf = decodeBytes(content!);
    if (buf.length !== e.bytes || sha256(buf) !== e.sha256) fail(`${file}: the output of step '${e.stepId}' (${e.file}) was altered`);
    outputs += 1;
    bytes += buf.length;
  }
  const expected = renderJson(input);
  if (expected !== text) fail(`${file}:${firstDifference(text, expected)}: the document was altered (it differs from what its embedded record renders)`);
  return `intact: JSON export of session ${describe(parsed, outputs, bytes)}${await signature(input.log, input.signature, options)}`;
}

/** Verifies a session directory or an HTML/JSON export. Throws only for unreadable paths. */
export async function verifyEvidence(path: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const info = await stat(path).catch(() => {
    throw new Error(`${path}: no such file or directory`);
  });
  if (info.isDirectory()) {
    try {
      return { ok: true, kind: 'session', message: await verifySession(path, options) };
    } catch (error) {
      if (error instanceof Altered) return { ok: false, kind: 'session', message: error.message };
      throw error;
    }
  }
  return verifyExportText(path, await readFile(path, 'utf8'), options);
}

/** Verifies the text of an HTML or JSON export; `label` names it in messages. */
export async function verifyExportText(label: string, text: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  let kind: VerifyResult['kind'] = 'html';
  try {
    const head = text.slice(0, 200).trimStart().toLowerCase();
    if (head.startsWith('<!doctype html')) return { ok: true, kind, message: await verifyHtml(label, text, options) };
    if (head.startsWith('{')) {
      kind = 'json';
      return { ok: true, kind, message: await verifyJson(label, text, options) };
    }
    return fail(`${label}: not a session directory, nor an HTML or JSON export (Markdown and JUnit exports carry no chain: verify the session or its HTML/JSON export)`);
  } catch (error) {
    if (error instanceof Altered) return { ok: false, kind, message: error.message };
    throw error;
  }
}
