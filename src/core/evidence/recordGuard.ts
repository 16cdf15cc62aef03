// The shape of the evidence record an HTML or JSON export embeds, checked before `verify` trusts
// any of it (hand-written guards, see ../session/jsonGuard.ts for why not zod).
import { literal, object, optional, record, string, union, type Guard } from '../session/jsonGuard';
import type { EncodedBytes, EvidenceInput, Excerpt } from './input';
import type { JsonInput } from './json';

const encoded: Guard<EncodedBytes> = union(
  object<{ readonly text: string }>({ text: string }, { unknown: 'strict' }),
  object<{ readonly base64: string }>({ base64: string }, { unknown: 'strict' }),
);

const common = {
  format: literal(1), generator: string, exportedAt: string, log: string,
  snapshots: record(string), signature: optional(string), live: optional(literal(true)),
};

/** The record inside an HTML export: nothing more, nothing less. */
export const htmlRecord: Guard<EvidenceInput> = object<EvidenceInput>(
  { ...common, excerpts: record(object<Excerpt>({ head: encoded, tail: encoded }, { unknown: 'strict' })) },
  { unknown: 'strict' },
);

/** A JSON export: the record's fields; the rendered fields beside them are compared by re-rendering. */
export const jsonRecord: Guard<JsonInput & { readonly kind: 'runbook-evidence' }> = object<JsonInput & { readonly kind: 'runbook-evidence' }>(
  { kind: literal('runbook-evidence'), ...common, outputs: record(encoded) },
  { unknown: 'passthrough' },
);
