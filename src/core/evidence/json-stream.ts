// The JSON export, streamed: the document is rendered with a placeholder for each output, and the
// outputs are then read and encoded chunk by chunk where their placeholders stand. Memory stays
// bounded by a chunk (like the HTML export), whatever the outputs hold: 100 MB of control bytes
// (six characters each once JSON-escaped) no longer has to fit in one string. The bytes written are
// exactly `renderJson(loadJsonInput(…))`, which is what `runbook verify` re-renders and compares.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { loadEvidenceInput, sessionFile, type EncodedBytes } from './input';
import { renderJson } from './json';
import { parseLog } from '../session/chain';

export type Write = (chunk: string) => Promise<void> | void;

const CHUNK = 256 * 1024;

function chunks(file: string): AsyncIterable<Buffer> {
  return createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
}

/** Whether the file's bytes are valid UTF-8 (then they round-trip as text; else base64), read in chunks. */
async function isUtf8(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for await (const chunk of chunks(file)) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Writes a file's bytes as the inside of a JSON string: JSON-escaped UTF-8 text, or base64. */
async function writeEncoded(file: string, asText: boolean, write: Write): Promise<void> {
  if (asText) {
    // StringDecoder never splits a character, so escaping chunk by chunk equals escaping the whole.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of chunks(file)) await write(JSON.stringify(decoder.write(chunk)).slice(1, -1));
    const rest = decoder.end();
    if (rest) await write(JSON.stringify(rest).slice(1, -1));
    return;
  }
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks(file)) {
    const all = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = all.length - (all.length % 3); // base64 of whole 3-byte groups concatenates cleanly
    await write(all.subarray(0, whole).toString('base64'));
    carry = Buffer.from(all.subarray(whole));
  }
  if (carry.length) await write(carry.toString('base64'));
}

/** Streams the JSON export of a session directory to `write`. */
export async function streamJson(dir: string, generator: string, write: Write, exportedAt?: string): Promise<void> {
  const { excerpts: _excerpts, ...base } = await loadEvidenceInput(dir, generator, exportedAt);
  const files: { path: string; text: boolean }[] = [];
  const outputs: Record<string, EncodedBytes> = {};
  const token = `@runbook-output-${randomBytes(12).toString('hex')}-`;
  for (const e of parseLog(base.log, `${dir}/events.jsonl`).events) {
    if (e.type !== 'output' || !e.file || e.file in outputs) continue;
    const path = await sessionFile(dir, e.file);
    const text = await isUtf8(path);
    const placeholder = `${token}${files.length}@`;
    outputs[e.file] = text ? { text: placeholder } : { base64: placeholder };
    files.push({ path, text });
  }
  const doc = renderJson({ ...base, outputs });
  const parts = doc.split(new RegExp(`${token}(\\d+)@`));
  // parts: text, index, text, index, …, text — each placeholder exactly once, in order.
  if (parts.length !== files.length * 2 + 1) throw new Error('internal error: an output placeholder occurs in the session record');
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) await write(parts[i]!);
    else await writeEncoded(files[Number(parts[i])]!.path, files[Number(parts[i])]!.text, write);
  }
}
