// The front matter as one small tree with source positions, whether it was written in YAML
// (`---`, parsed with `yaml`) or TOML (`+++`, Hugo; parsed with `smol-toml`). frontMatter.ts
// reads settings and variables from this tree only, so both syntaxes get the same checks.
//
// Two things the plain JS value would lose are kept here:
// - a scalar's source text (`default: 01234` stays `01234`, not 1234; `1e3`, `0x1F`, `~` too);
// - where a YAML merge key (`<<: *anchor`) brought an entry from, so a merged `secret` is seen.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import { parse as parseToml } from 'smol-toml';

export interface FmNode {
  /** 1-based position in the runbook file. */
  readonly line: number;
  readonly column: number;
  /** The JSON-like value (YAML merges applied). */
  readonly value: unknown;
  /** A scalar as written: plain YAML scalars keep their source text; undefined for null, maps and lists. */
  readonly text?: string;
  readonly entries?: readonly FmEntry[];
  readonly items?: readonly FmNode[];
  /** Entries a YAML merge brought that the mapping's own keys replaced. */
  readonly overridden?: readonly FmEntry[];
}

export interface FmEntry {
  readonly key: string;
  readonly line: number;
  readonly column: number;
  readonly value: FmNode;
  /** The anchor a YAML merge key brought this entry from (`<<: *base` → `base`). */
  readonly mergedFrom?: string;
}

/** A YAML node (after the document parsed without errors) as a tree; `lineOffset` = lines before the YAML. */
export function yamlTree(node: YamlNode | null | undefined, doc: Document, counter: LineCounter, lineOffset: number): FmNode {
  const pos = (n: YamlNode | null | undefined) => {
    const offset = n?.range?.[0];
    if (offset === undefined) return { line: lineOffset + 1, column: 1 };
    const p = counter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  // Aliases are expanded as they are walked: a budget keeps a (small) alias bomb bounded.
  let budget = 20_000;
  const walk = (n: YamlNode | null | undefined, depth: number): FmNode => {
    const at = pos(n);
    if (depth > 64 || !n || --budget < 0) return { ...at, value: null };
    if (isAlias(n)) {
      const target = n.resolve(doc);
      return { ...walk(target as YamlNode | undefined, depth + 1), ...at };
    }
    const value = n.toJS(doc) as unknown;
    if (isScalar(n)) {
      if (value === null && !(n.type === 'PLAIN' && n.source)) return { ...at, value };
      const text = n.type === 'PLAIN' && typeof n.source === 'string' && n.source !== '' ? n.source : scalarText(value);
      return text === undefined ? { ...at, value } : { ...at, value, text };
    }
    if (isSeq(n)) return { ...at, value, items: n.items.map((i) => walk(i as YamlNode, depth + 1)) };
    if (!isMap(n)) return { ...at, value };
    const own: FmEntry[] = [];
    const merged: FmEntry[] = [];
    // Own entries and merged groups in source order, so merged entries keep their place.
    const order: (FmEntry | FmEntry[])[] = [];
    for (const pair of n.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isMergeKey(keyNode)) {
        // `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones, own keys over all.
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        const group: FmEntry[] = [];
        for (const source of sources as YamlNode[]) {
          const anchor = isAlias(source) ? source.source : '';
          for (const e of walk(source, depth + 1).entries ?? []) {
            if (merged.some((m) => m.key === e.key)) continue;
            const entry = { ...e, mergedFrom: e.mergedFrom ?? anchor };
            merged.push(entry);
            group.push(entry);
          }
        }
        order.push(group);
        continue;
      }
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const entry = { key, ...pos(keyNode), value: walk(pair.value as YamlNode, depth + 1) };
      own.push(entry);
      order.push(entry);
    }
    const ownKeys = new Set(own.map((e) => e.key));
    const overridden = merged.filter((m) => ownKeys.has(m.key));
    const entries = order.flatMap((x) => (Array.isArray(x) ? x.filter((m) => !ownKeys.has(m.key)) : [x]));
    return { ...at, value, entries, ...(overridden.length ? { overridden } : {}) };
  };
  return walk(node, 0);
}

function isMergeKey(key: YamlNode | null): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

export type TomlResult = { readonly ok: true; readonly tree: FmNode } | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/**
 * TOML front matter. smol-toml gives values but no positions, so keys are found by a scan of the
 * source: `[table]` headers, `key = value` lines (dotted and quoted keys too) and the keys of
 * inline tables on those lines. Values of bare numbers and booleans keep their source text.
 */
export function tomlTree(source: string, lineOffset: number): TomlResult {
  let data: Record<string, unknown>;
  try {
    data = parseToml(source) as Record<string, unknown>;
  } catch (error) {
    const e = error as { line?: number; column?: number; message?: string };
    const message = String(e.message ?? error).split('\n', 1)[0]!.replace(/^Invalid TOML document: /, '');
    return { ok: false, line: (e.line ?? 1) + lineOffset, column: e.column ?? 1, message };
  }
  // `[a.a.a.…]` nests as deep as the line is long: refuse it before anything recurses over it.
  if (tooDeep(data, MAX_DEPTH)) return { ok: false, line: lineOffset + 1, column: 1, message: `tables nest deeper than ${MAX_DEPTH} levels` };
  const positions = tomlPositions(source, lineOffset);
  const build = (value: unknown, path: string, fallback: TomlPosition): FmNode => {
    const at: TomlPosition = positions.get(path) ?? { line: fallback.line, column: fallback.column };
    const plain = toPlain(value);
    if (Array.isArray(value)) return { line: at.line, column: at.column, value: plain, items: value.map((v) => build(v, '', at)) };
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !isTomlDate(value)) {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): FmEntry => {
        const child = path ? `${path}.${k}` : k;
        const kp = positions.get(child) ?? at;
        return { key: k, line: kp.line, column: kp.column, value: build(v, child, kp) };
      });
      return { line: at.line, column: at.column, value: plain, entries };
    }
    const text = at.raw !== undefined && typeof value !== 'string' ? at.raw : scalarText(plain);
    return text === undefined ? { line: at.line, column: at.column, value: plain } : { line: at.line, column: at.column, value: plain, text };
  };
  return { ok: true, tree: build(data, '', { line: lineOffset + 1, column: 1 }) };
}

const MAX_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit` (iterative: no recursion to overflow). */
function tooDeep(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function isTomlDate(value: object): boolean {
  return typeof (value as { toISOString?: unknown }).toISOString === 'function';
}

/** TOML values as JSON-friendly data (dates become ISO text, null-prototype objects plain ones). */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    if (isTomlDate(value)) return (value as { toISOString(): string }).toISOString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return typeof value === 'bigint' ? Number(value) : value;
}

interface TomlPosition {
  readonly line: number;
  readonly column: number;
  /** A bare scalar's source text (numbers, booleans). */
  readonly raw?: string;
}

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const DOTTED = new RegExp(String.raw`^\s*(${KEY}(?:\s*\.\s*${KEY})*)\s*=\s*(.*)$`);
const HEADER = new RegExp(String.raw`^\s*\[\[?\s*(${KEY}(?:\s*\.\s*${KEY})*)\s*\]\]?`);
const INLINE_KEY = new RegExp(String.raw`(${KEY})\s*=\s*([^,}]*)`, 'g');

function tomlPositions(source: string, lineOffset: number): Map<string, TomlPosition> {
  const map = new Map<string, TomlPosition>();
  let table: string[] = [];
  source.split('\n').forEach((text, i) => {
    const line = i + 1 + lineOffset;
    const header = HEADER.exec(text);
    if (header) {
      table = splitKey(header[1]!);
      map.set(table.join('.'), { line, column: text.indexOf(header[1]!) + 1 });
      return;
    }
    const pair = DOTTED.exec(text);
    if (!pair) return;
    const path = [...table, ...splitKey(pair[1]!)];
    const value = pair[2]!.replace(/\s+#.*$/, '').trim();
    const bare = /^[^"'[{]/.test(value) ? value : undefined;
    map.set(path.join('.'), { line, column: text.indexOf(pair[1]!) + 1, ...(bare ? { raw: bare } : {}) });
    // Inline-table keys (`A = { default = "x" }`); a long line is skipped: the regex would go quadratic.
    if (value.startsWith('{') && value.length <= 2000) {
      const start = text.indexOf(value);
      for (const m of value.matchAll(INLINE_KEY)) {
        const raw = m[2]!.trim();
        map.set([...path, ...splitKey(m[1]!)].join('.'), { line, column: start + m.index + 1, ...(/^[^"'[{]/.test(raw) && raw ? { raw } : {}) });
      }
    }
  });
  return map;
}

function splitKey(key: string): string[] {
  return [...key.matchAll(new RegExp(KEY, 'g'))].map((m) => m[0].replace(/^["']|["']$/g, ''));
}
