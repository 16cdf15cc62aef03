// Secret masking for everything a session writes (notes, reasons, variables, the runbook copy).
// The executor masks the output it writes; the session masks the rest.
import { MASK } from '../executor/secretMasker';

/** The executor's mask, so outputs and the record look alike. */
export const SECRET_MASK = MASK;

export type Masker = (text: string) => string;

/** Builds a masker from the secret values (empty values are ignored: they would mask everything). */
export function makeMasker(variables: Readonly<Record<string, string>>, secretNames: readonly string[]): Masker {
  // Longest first, so a secret containing another secret is masked whole.
  const values = [...new Set(secretNames.map((n) => variables[n] ?? '').filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const v of values) out = out.split(v).join(SECRET_MASK);
    return out;
  };
}

/** Masks every string inside a JSON-like value (object keys included). Only for free text: never for whole events. */
export function maskDeep<T>(value: T, mask: Masker): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [mask(k), maskDeep(v, mask)])) as T;
  }
  return value;
}
