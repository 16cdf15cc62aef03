// Run-time validation of webview → host messages. The protocol is a TypeScript union, but the
// webview is a separate (and, by design, less trusted) context: a message is checked for its
// shape and, when it names a step, for a step id the runbook has. Pure: no vscode import.
import { z } from 'zod';
import type { FromWebviewMessage } from '../../webview/protocol';

const id = z.string().min(1).max(500);
const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('rendered'), stepCount: z.number().int().nonnegative(), checkCount: z.number().int().nonnegative(),
    transcripts: z.array(z.object({ stepId: id, runs: z.string(), expected: z.string() })).optional(),
  }),
  z.object({ type: z.literal('runStep'), stepId: id }),
  z.object({ type: z.literal('runFrom'), stepId: id }),
  z.object({ type: z.literal('runAll') }),
  z.object({ type: z.literal('cancel'), stepId: id.optional() }),
  z.object({ type: z.literal('skipStep'), stepId: id }),
  z.object({ type: z.literal('setNote'), stepId: id, text: z.string().max(1_000_000) }),
  z.object({ type: z.literal('setCheck'), stepId: id, checked: z.boolean() }),
  z.object({ type: z.literal('copyOutput'), stepId: id }),
  z.object({ type: z.literal('newSession') }),
  z.object({ type: z.literal('openSession'), sessionId: z.string().min(1).max(500).regex(/^[^/\\]+$/, 'a session id, not a path') }),
  z.object({ type: z.literal('submitVariables'), values: z.record(z.string(), z.string()), requestId: z.number().int().optional() }),
  z.object({ type: z.literal('cancelVariables'), requestId: z.number().int() }),
  z.object({ type: z.literal('exportEvidence') }),
  z.object({ type: z.literal('finishSession') }),
  z.object({ type: z.literal('manageTrust') }),
  z.object({ type: z.literal('revealLine'), line: z.number().int().positive() }),
  z.object({ type: z.literal('openLink'), href: z.string().max(10_000) }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(100_000) }),
]);

export type GuardResult = { readonly ok: true; readonly message: FromWebviewMessage } | { readonly ok: false; readonly reason: string };

/** Accepts a well-formed message whose step id (if any) is one of `stepIds`. */
export function checkWebviewMessage(raw: unknown, stepIds: ReadonlySet<string>): GuardResult {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const type = raw && typeof raw === 'object' && 'type' in raw ? JSON.stringify((raw as { type: unknown }).type) : 'none';
    return { ok: false, reason: `malformed or unknown message (type ${type}): ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  const message = parsed.data as FromWebviewMessage;
  if ('stepId' in message && message.stepId !== undefined && !stepIds.has(message.stepId)) {
    return { ok: false, reason: `'${message.type}' names step '${message.stepId}', which this runbook does not have` };
  }
  return { ok: true, message };
}
