// Run-time validation of webview → host messages. The protocol is a TypeScript union, but the
// webview is a separate (and, by design, less trusted) context: a message is checked for its
// shape and, when it names a step, for a step id the runbook has. Pure: no vscode import.
import { z } from 'zod';
import type { FromWebviewMessage } from '../../webview/protocol';

const id = z.string().min(1).max(500);

/**
 * One schema per message type. The mapped type requires an entry for every type in the protocol,
 * each parsing to exactly that message: a type added to protocol.ts without a schema does not
 * compile (test/unit/webview-protocol-exhaustive.ts).
 */
export type MessageSchemas<M extends { type: string } = FromWebviewMessage> = { readonly [K in M['type']]: z.ZodType<Extract<M, { type: K }>> };

export const MESSAGE_SCHEMAS: MessageSchemas = {
  ready: z.object({ type: z.literal('ready') }),
  rendered: z.object({
    type: z.literal('rendered'), stepCount: z.number().int().nonnegative(), checkCount: z.number().int().nonnegative(),
    transcripts: z.array(z.object({ stepId: id, runs: z.string(), expected: z.string() })).optional(),
  }),
  runStep: z.object({ type: z.literal('runStep'), stepId: id }),
  runFrom: z.object({ type: z.literal('runFrom'), stepId: id }),
  runAll: z.object({ type: z.literal('runAll') }),
  cancel: z.object({ type: z.literal('cancel'), stepId: id.optional() }),
  skipStep: z.object({ type: z.literal('skipStep'), stepId: id }),
  setNote: z.object({ type: z.literal('setNote'), stepId: id, text: z.string().max(1_000_000) }),
  setCheck: z.object({ type: z.literal('setCheck'), stepId: id, checked: z.boolean() }),
  copyOutput: z.object({ type: z.literal('copyOutput'), stepId: id }),
  newSession: z.object({ type: z.literal('newSession') }),
  openSession: z.object({ type: z.literal('openSession'), sessionId: z.string().min(1).max(500).regex(/^[^/\\]+$/, 'a session id, not a path') }),
  submitVariables: z.object({ type: z.literal('submitVariables'), values: z.record(z.string(), z.string()), requestId: z.number().int().optional() }),
  cancelVariables: z.object({ type: z.literal('cancelVariables'), requestId: z.number().int() }),
  exportEvidence: z.object({ type: z.literal('exportEvidence') }),
  finishSession: z.object({ type: z.literal('finishSession') }),
  manageTrust: z.object({ type: z.literal('manageTrust') }),
  revealLine: z.object({ type: z.literal('revealLine'), line: z.number().int().positive() }),
  openLink: z.object({ type: z.literal('openLink'), href: z.string().max(10_000) }),
  log: z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(100_000) }),
};

export type GuardResult = { readonly ok: true; readonly message: FromWebviewMessage } | { readonly ok: false; readonly reason: string };

/** Accepts a well-formed message whose step id (if any) is one of `stepIds`. */
export function checkWebviewMessage(raw: unknown, stepIds: ReadonlySet<string>): GuardResult {
  const type = raw && typeof raw === 'object' && 'type' in raw ? (raw as { type: unknown }).type : undefined;
  const schema = typeof type === 'string' && Object.hasOwn(MESSAGE_SCHEMAS, type) ? MESSAGE_SCHEMAS[type as keyof MessageSchemas] : undefined;
  if (!schema) return { ok: false, reason: `malformed or unknown message (type ${type === undefined ? 'none' : JSON.stringify(type)}): no such message type` };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `malformed message (type ${JSON.stringify(type)}): ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const message = parsed.data as FromWebviewMessage;
  if ('stepId' in message && message.stepId !== undefined && !stepIds.has(message.stepId)) {
    return { ok: false, reason: `'${message.type}' names step '${message.stepId}', which this runbook does not have` };
  }
  return { ok: true, message };
}
