// Which attribute gives a step its id. `name` wins whichever key comes first: Runme writes
// `{"id":"01J5XT…","name":"ci-coverage"}`, where `id` is a generated ULID and `name` is what the
// author chose. The other `id` (`#id`, `id=`) is kept as the step's alias, which sessions record.
// A name with spaces becomes its slug (`CI coverage` → `ci-coverage`) with an information note.
import type { AttributeEntry, Diagnostic } from './model';
import { diagnostic } from './diagnostics';
import { slugify } from './text';

export interface IdCandidate {
  readonly value: string;
  readonly entry: AttributeEntry;
}

/** The `id` (also `#id`) and `name` values of one fence, in source order. */
export type IdCandidates = { id?: IdCandidate[]; name?: IdCandidate[] };

export interface ResolvedId {
  id?: string;
  idEntry?: AttributeEntry;
  alias?: string;
}

export function resolveStepId(candidates: IdCandidates, line: number, out: Diagnostic[]): ResolvedId {
  const name = single(candidates.name, 'name', line, out);
  const id = single(candidates.id, 'id', line, out);
  const chosen = name ?? id;
  if (!chosen) return {};
  const result: ResolvedId = {};
  const slug = usable(chosen, line, out);
  if (slug) {
    result.id = slug;
    result.idEntry = chosen.entry;
  }
  if (name && id && id.value !== name.value) result.alias = id.value;
  return result;
}

/** The first value of one key; a second, different value of the same key is an error. */
function single(list: readonly IdCandidate[] | undefined, key: 'id' | 'name', line: number, out: Diagnostic[]): IdCandidate | undefined {
  const first = list?.[0];
  for (const other of list?.slice(1) ?? []) {
    if (other.value === first!.value) continue;
    const how = key === 'id' ? "'#id' or 'id='" : "'name='";
    out.push(diagnostic('error', 'bad-attribute-value', line, other.entry.column,
      `this step already has the ${key} '${first!.value}': keep one ${how}`, { endColumn: other.entry.endColumn }));
  }
  return first;
}

/** The id as written, or its slug (with a note) when it holds spaces; undefined when nothing is left. */
function usable(c: IdCandidate, line: number, out: Diagnostic[]): string | undefined {
  if (!/\s/.test(c.value)) return c.value;
  const slug = slugify(c.value.trim()).replace(/-+/g, '-');
  const at = { endColumn: c.entry.endColumn };
  if (!slug) {
    out.push(diagnostic('information', 'id-slug', line, c.entry.column, `step ${c.entry.key} '${c.value}' has no letters or digits to make an id from: the step gets a derived id`, at));
    return undefined;
  }
  out.push(diagnostic('information', 'id-slug', line, c.entry.column,
    `step ${c.entry.key} '${c.value}' has spaces: the step id is '${slug}' (sessions and --only use that)`, { ...at, data: { suggestion: slug } }));
  return slug;
}
