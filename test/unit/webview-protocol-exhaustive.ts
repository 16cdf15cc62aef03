// Type-level fixture, checked by `tsc --noEmit` (npm test's typecheck layer): a webview message
// type added to the protocol without a schema or a handler does not compile. Each
// `@ts-expect-error` fails the typecheck ("unused directive") if the error it expects goes away.
import { z } from 'zod';
import type { MessageHandlers } from '../../src/extension/panel/messageDispatch';
import { MESSAGE_SCHEMAS, type MessageSchemas } from '../../src/extension/panel/messageGuard';
import type { FromWebviewMessage } from '../../src/webview/protocol';

/** The protocol as it would be with one more message type. */
type Extended = FromWebviewMessage | { readonly type: 'newThing'; readonly stepId: string };

// @ts-expect-error -- the schema map has no entry for 'newThing'
export const missingSchema: MessageSchemas<Extended> = MESSAGE_SCHEMAS;

export const withSchema: MessageSchemas<Extended> = { ...MESSAGE_SCHEMAS, newThing: z.object({ type: z.literal('newThing'), stepId: z.string() }) };

// @ts-expect-error -- a schema that parses to another shape than the message is refused too
export const wrongSchema: MessageSchemas<Extended> = { ...MESSAGE_SCHEMAS, newThing: z.object({ type: z.literal('newThing'), stepId: z.number() }) };

declare const handlers: MessageHandlers;
// @ts-expect-error -- the handler table has no handler for 'newThing'
export const missingHandler: MessageHandlers<Extended> = handlers;
