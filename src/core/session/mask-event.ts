// Which parts of an event are text that came from outside (a person, the runbook, the system) and
// may hold a secret value, and which are structure the log's schema and chain depend on. Only the
// text is masked: a short secret that happens to occur inside a digest, a timestamp, a status, a
// type or an id (a 4-digit PIN inside SHA-256("")) must never rewrite it, or the session would no
// longer read, verify or export.
import type { EventPayload } from './events';
import type { Masker } from './mask';

type Text = (value: string) => string;

function maskStrings<T extends object>(value: T, mask: Text): T {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v])) as T;
}

export function maskEvent(event: EventPayload, mask: Masker): EventPayload {
  const opt = (v: string | undefined) => (v === undefined ? v : mask(v));
  switch (event.type) {
    case 'session-start':
      return {
        ...event, runbookPath: mask(event.runbookPath), title: mask(event.title), user: mask(event.user), host: mask(event.host),
        os: maskStrings(event.os, mask), tool: maskStrings(event.tool, mask),
        ...(event.vscodeVersion !== undefined ? { vscodeVersion: mask(event.vscodeVersion) } : {}),
        ...(event.remoteName !== undefined ? { remoteName: mask(event.remoteName) } : {}),
        // Values are text (a non-secret value may contain a secret one); names are identifiers.
        variables: Object.fromEntries(Object.entries(event.variables).map(([k, v]) => [k, mask(v)])),
      };
    case 'step-end':
      return {
        ...event, ...(event.reason !== undefined ? { reason: opt(event.reason)! } : {}),
        ...(event.notice !== undefined ? { notice: opt(event.notice)! } : {}),
      };
    case 'step-skipped':
      return event.reason === undefined ? event : { ...event, reason: opt(event.reason)! };
    case 'note':
      return { ...event, text: mask(event.text), author: mask(event.author) };
    case 'check':
      return { ...event, author: mask(event.author) };
    case 'session-resumed':
      return { ...event, user: mask(event.user), host: mask(event.host) };
    case 'step-start':
    case 'output':
    case 'session-end':
      return event;
  }
}
