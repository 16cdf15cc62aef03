// Checks that parsed JSON has the shape of a typed model: the session log's events and the
// evidence records embedded in exports. Hand-written instead of zod: these paths run at the
// start of `runbook run`, `export` and `verify`, where loading zod cost 15–40 ms (issue 16) and
// these checks cost next to nothing. A check returns the value (unknown keys dropped, as zod's
// `object` did) or throws GuardError with the path of the first problem.

export class GuardError extends Error {
  constructor(readonly path: readonly (string | number)[], message: string) {
    super(message);
  }
}

/** Validates `value` at `path`; returns the checked value. */
export type Guard<T> = (value: unknown, path: readonly (string | number)[]) => T;

const kind = (v: unknown): string => (v === undefined ? 'nothing (the field is missing)' : v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const fail = (path: readonly (string | number)[], expected: string, v: unknown): never => {
  throw new GuardError(path, `expected ${expected}, got ${kind(v)}`);
};

export const string: Guard<string> = (v, path) => (typeof v === 'string' ? v : fail(path, 'text', v));
export const boolean: Guard<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'true or false', v));
export const number: Guard<number> = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a number', v));

/** A safe integer, at least `min` when given. */
export function integer(min?: number): Guard<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return fail(path, 'an integer', v);
    if (min !== undefined && v < min) throw new GuardError(path, `expected an integer ≥ ${min}, got ${v}`);
    return v;
  };
}

export function nonNegative(guard: Guard<number>): Guard<number> {
  return (v, path) => {
    const n = guard(v, path);
    if (n < 0) throw new GuardError(path, `expected a number ≥ 0, got ${n}`);
    return n;
  };
}

export function matching(pattern: RegExp, what: string): Guard<string> {
  return (v, path) => (typeof v === 'string' && pattern.test(v) ? v : fail(path, what, v));
}

export function literal<const T extends string | number | boolean>(expected: T): Guard<T> {
  return (v, path) => (v === expected ? expected : fail(path, JSON.stringify(expected), v));
}

export function oneOf<const T extends string>(values: readonly T[]): Guard<T> {
  return (v, path) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fail(path, `one of ${values.join(', ')}`, v));
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (v, path) => (v === null ? null : guard(v, path));
}

export function array<T>(item: Guard<T>): Guard<T[]> {
  return (v, path) => (Array.isArray(v) ? v.map((x, i) => item(x, [...path, i])) : fail(path, 'a list', v));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with string keys; each value checked by `value`. */
export function record<T>(value: Guard<T>): Guard<Record<string, T>> {
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, 'an object', v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: value(x, [...path, k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
}

/** Marks a field that may be absent (never null). */
export interface Optional<T> {
  readonly optional: Guard<T>;
}
export const optional = <T>(guard: Guard<T>): Optional<T> => ({ optional: guard });

type Fields<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Guard<T[K]> };

export interface ObjectOptions {
  /** Unknown keys are an error (`strict`), dropped (default) or kept (`passthrough`). */
  readonly unknown?: 'strict' | 'strip' | 'passthrough';
}

/** An object with exactly the fields of T (a compile error when a field of T has no guard). */
export function object<T>(fields: Fields<T>, options: ObjectOptions = {}): Guard<T> {
  const entries = Object.entries(fields) as [string, Guard<unknown> | Optional<unknown>][];
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, 'an object', v);
    const out: Record<string, unknown> = options.unknown === 'passthrough' ? { ...v } : {};
    for (const [key, field] of entries) {
      const x = Object.hasOwn(v, key) ? v[key] : undefined;
      if (typeof field === 'function') out[key] = field(x, [...path, key]);
      else if (x !== undefined) out[key] = field.optional(x, [...path, key]);
    }
    if (options.unknown === 'strict') {
      const extra = Object.keys(v).find((k) => !Object.hasOwn(fields, k));
      if (extra !== undefined) throw new GuardError([...path, extra], `unexpected field '${extra}'`);
    }
    return out as T;
  };
}

/** The first guard that accepts the value; otherwise the last one's error. */
export function union<A, B>(a: Guard<A>, b: Guard<B>): Guard<A | B> {
  return (v, path) => {
    try {
      return a(v, path);
    } catch (error) {
      if (!(error instanceof GuardError)) throw error;
      return b(v, path);
    }
  };
}

/** Objects told apart by their `type` field. */
export function byType<T extends { type: string }>(guards: { readonly [K in T['type']]: Guard<Extract<T, { type: K }>> }): Guard<T> {
  const types = Object.keys(guards);
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, 'an object', v);
    const type = v.type;
    if (typeof type !== 'string' || !Object.hasOwn(guards, type)) throw new GuardError([...path, 'type'], `expected one of ${types.join(', ')}, got ${typeof type === 'string' ? `'${type}'` : kind(type)}`);
    return (guards as Record<string, Guard<T>>)[type]!(v, path);
  };
}
