// YAML front matter (parsed with the `yaml` package): runbook settings and variable declarations.
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic, FrontMatter, VariableSpec } from './model';
import { diagnostic } from './diagnostics';
import { parseDuration, SHELLS } from './languages';
import { didYouMean, type SourceLines } from './text';

import { FRONT_MATTER_KEYS, VARIABLE_KEYS } from './frontMatterKeys';

export { FRONT_MATTER_KEYS, VARIABLE_KEYS };

export interface FrontMatterResult {
  readonly frontMatter?: FrontMatter;
  readonly title?: string;
  readonly description?: string;
  readonly shell?: string;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly variables: VariableSpec[];
}

/** Finds `---` … `---` (or `...`) at the very top; returns the 0-based closing line or -1. */
export function findFrontMatterEnd(lines: SourceLines): number {
  if (lines.length < 2 || !lines.text.startsWith('---') || lines.at(0).trimEnd() !== '---') return -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines.at(i).trimEnd();
    if (l === '---' || l === '...') return i;
  }
  return -1;
}

const MAX_FRONT_MATTER = 64 * 1024;

export function readFrontMatter(lines: SourceLines, end: number, out: Diagnostic[]): FrontMatterResult {
  const empty: FrontMatterResult = { variables: [] };
  if (end < 0) return empty;
  const yamlText = lines.text.slice(lines.offset(1), lines.offset(end));
  // Real front matter is a few hundred bytes. Hostile or broken input (a 100 KB line of `{`)
  // costs the yaml package about a second and 100,000 errors: refuse it with one diagnostic.
  if (yamlText.length > MAX_FRONT_MATTER) {
    out.push(diagnostic('error', 'invalid-yaml', 2, 1, `the front matter is ${Math.round(yamlText.length / 1024)} KB; keep it under ${MAX_FRONT_MATTER / 1024} KB (title, variables and settings only), or check for a missing closing '---'`));
    return { variables: [], frontMatter: { startLine: 1, endLine: end + 1, raw: {} } };
  }
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, logLevel: 'error' });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line) + 1; // +1 for the opening ---
  const colOf = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).col);
  const at = (node: YamlNode | null | undefined) => node?.range?.[0];
  const base = { startLine: 1, endLine: end + 1 };

  if (doc.errors.length > 0) {
    // Hostile YAML (a line of 100,000 `{`) yields an error per character: the first few say it all.
    for (const e of doc.errors.slice(0, 20)) {
      const pos = e.linePos?.[0];
      const message = e.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
      out.push(diagnostic('error', 'invalid-yaml', (pos?.line ?? 1) + 1, pos?.col ?? 1, `invalid YAML in the front matter: ${message}. Fix the YAML between the '---' lines`));
    }
    return { ...empty, frontMatter: { ...base, raw: {} } };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { ...empty, frontMatter: { ...base, raw: {} } };
  if (!isMap(root)) {
    out.push(diagnostic('error', 'invalid-yaml', lineOf(at(root)), colOf(at(root)), 'the front matter must be a mapping of keys such as title: and variables:'));
    return { ...empty, frontMatter: { ...base, raw: {} } };
  }
  let raw: Record<string, unknown>;
  try {
    raw = (doc.toJS() ?? {}) as Record<string, unknown>;
    // A self-referencing alias (`a: &a [*a]`) gives a cycle, which JSON (`runbook parse`, the
    // webview) cannot carry: JSON.stringify throws on it, and that is the check.
    JSON.stringify(raw);
  } catch (error) {
    // `yaml` refuses alias bombs ("Excessive alias count …") by throwing: report, never throw.
    const first = (error as Error).message.split('\n', 1)[0]!;
    const message = /circular/i.test(first) ? 'an alias (*name) refers to the value that contains it' : first;
    out.push(diagnostic('error', 'invalid-yaml', lineOf(at(root)), colOf(at(root)), `invalid YAML in the front matter: ${message}. Remove the YAML aliases (*name) between the '---' lines`));
    return { ...empty, frontMatter: { ...base, raw: {} } };
  }
  const result: { -readonly [K in keyof FrontMatterResult]: FrontMatterResult[K] } = { variables: [], frontMatter: { ...base, raw } };

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const line = lineOf(at(keyNode));
    const column = colOf(at(keyNode));
    const value = raw[key];
    const badValue = (message: string) => out.push(diagnostic('error', 'bad-front-matter-value', line, column, message, { endColumn: column + key.length }));
    const str = (): string | undefined => {
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      badValue(`front-matter '${key}' must be text`);
      return undefined;
    };
    switch (key) {
      case 'title':
        result.title = str();
        break;
      case 'description':
        result.description = str();
        break;
      case 'cwd':
        result.cwd = str();
        break;
      case 'runbook': // only declares the file a runbook (src/core/format/isRunbook.ts)
        if (typeof value !== 'boolean') badValue("front-matter 'runbook' must be true or false");
        break;
      case 'shell': {
        const s = str();
        if (s !== undefined && !SHELLS.includes(s)) badValue(`front-matter shell '${s}' is not supported: use one of ${SHELLS.join(', ')}`);
        else result.shell = s;
        break;
      }
      case 'timeout': {
        const ms = typeof value === 'string' ? parseDuration(value) : undefined;
        if (ms === undefined) out.push(diagnostic('error', 'bad-timeout', line, column, `front-matter timeout '${String(value)}' is not a duration: write e.g. timeout: 10m`, { endColumn: column + key.length }));
        else result.timeoutMs = ms;
        break;
      }
      case 'variables': {
        const node = pair.value as YamlNode | null;
        if (value === null || value === undefined) break;
        if (!isMap(node)) {
          badValue("front-matter 'variables' must be a mapping: NAME: {description: …, default: …}");
          break;
        }
        for (const v of node.items) {
          const nameNode = v.key as YamlNode;
          const spec = readVariable(String(isScalar(nameNode) ? nameNode.value : ''), (raw.variables as Record<string, unknown>)[String(isScalar(nameNode) ? nameNode.value : '')], lineOf(at(nameNode)), colOf(at(nameNode)), out);
          if (spec) result.variables.push(spec);
        }
        break;
      }
      default: {
        const hint = didYouMean(key, FRONT_MATTER_KEYS);
        out.push(diagnostic('warning', 'unknown-front-matter-key', line, column,
          `unknown front-matter key '${key}'${hint ? `: did you mean '${hint}'?` : `: known keys are ${FRONT_MATTER_KEYS.join(', ')}`}`,
          { endColumn: column + key.length, ...(hint ? { data: { suggestion: hint } } : {}) }));
      }
    }
  }
  return result;
}

function readVariable(name: string, value: unknown, line: number, column: number, out: Diagnostic[]): VariableSpec | undefined {
  const problem = (message: string, severity: 'error' | 'warning' = 'error') =>
    out.push(diagnostic(severity, 'bad-variable', line, column, message, { endColumn: column + name.length }));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    problem(`variable name '${name}' is not a valid environment variable name: use letters, digits and '_', not starting with a digit`);
    return undefined;
  }
  // `NAME:` alone declares; `NAME: value` is shorthand for a default.
  const fields: Record<string, unknown> =
    value === null || value === undefined ? {} : typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { default: value };
  const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  const spec: { -readonly [K in keyof VariableSpec]: VariableSpec[K] } = { name, secret: false, required: false, line };
  for (const [k, v] of Object.entries(fields)) {
    switch (k) {
      case 'description':
      case 'default':
      case 'pattern': {
        const s = scalar(v);
        if (s === undefined && v !== null) problem(`variable ${name}: '${k}' must be text`);
        else if (s !== undefined) spec[k] = s;
        break;
      }
      case 'secret':
      case 'required':
        if (typeof v !== 'boolean') problem(`variable ${name}: '${k}' must be true or false`);
        else spec[k] = v;
        break;
      case 'choices':
        if (!Array.isArray(v) || v.length === 0 || v.some((c) => scalar(c) === undefined)) problem(`variable ${name}: 'choices' must be a non-empty list such as [dev, prod]`);
        else spec.choices = v.map((c) => String(c));
        break;
      default: {
        const hint = didYouMean(k, VARIABLE_KEYS);
        problem(`variable ${name}: unknown field '${k}'${hint ? `: did you mean '${hint}'?` : `: known fields are ${VARIABLE_KEYS.join(', ')}`}`, 'warning');
      }
    }
  }
  let regex: RegExp | undefined;
  if (spec.pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${spec.pattern})$`);
    } catch (error) {
      problem(`variable ${name}: pattern is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`);
      spec.pattern = undefined;
    }
  }
  if (spec.default !== undefined) {
    if (spec.secret) {
      out.push(diagnostic('warning', 'secret-with-default', line, column,
        `variable ${name} is secret but has a default, which puts the secret in the file: remove 'default' and enter the value when you run`, { endColumn: column + name.length }));
    }
    if (regex && !regex.test(spec.default)) problem(`variable ${name}: default '${spec.default}' does not match its pattern ${spec.pattern}`);
    if (spec.choices && !spec.choices.includes(spec.default)) problem(`variable ${name}: default '${spec.default}' is not one of its choices (${spec.choices.join(', ')})`);
  }
  return spec;
}
