// Front matter: runbook settings and variable declarations, in YAML (`---`, the `yaml` package)
// or TOML (`+++`, Hugo; `smol-toml`). Both become one positioned tree (frontMatterTree.ts).
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic, FrontMatter, VariableSpec } from './model';
import { diagnostic } from './diagnostics';
import { FOREIGN_FRONT_MATTER_NOTES } from './foreignKeys';
import { tomlTree, yamlTree, type FmEntry, type FmNode } from './frontMatterTree';
import { isShellName, parseDuration } from './languages';
import { nearMiss } from './nearMiss';
import { keepsMergedSecret, lintSecretValues, lintShortSecret } from './secretLint';
import { timeoutTooLong } from './attributeValues';
import { didYouMean, type SourceLines } from './text';
import { FRONT_MATTER_KEYS, VARIABLE_KEYS } from './frontMatterKeys';
import { errorMessage } from '../text/errorMessage';

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

/**
 * Finds `---` … `---` (or `...`) YAML, or `+++` … `+++` TOML (Hugo), at the very top; returns
 * the 0-based closing line or -1.
 */
export function findFrontMatterEnd(lines: SourceLines): number {
  const fence = lines.text.startsWith('---') ? '---' : lines.text.startsWith('+++') ? '+++' : undefined;
  if (lines.length < 2 || !fence || lines.at(0).trimEnd() !== fence) return -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines.at(i).trimEnd();
    if (l === fence || (fence === '---' && l === '...')) return i;
  }
  return -1;
}

const MAX_FRONT_MATTER = 64 * 1024;

export function readFrontMatter(lines: SourceLines, end: number, out: Diagnostic[]): FrontMatterResult {
  const empty: FrontMatterResult = { variables: [] };
  if (end < 0) return empty;
  const format: 'yaml' | 'toml' = lines.at(0).startsWith('+++') ? 'toml' : 'yaml';
  const source = lines.text.slice(lines.offset(1), lines.offset(end));
  const base = { ...(format === 'toml' ? { format } : {}), startLine: 1, endLine: end + 1 } as const;
  const none = { ...empty, frontMatter: { ...base, raw: {} } };
  // Real front matter is a few hundred bytes. Hostile or broken input (a 100 KB line of `{`)
  // costs the yaml package about a second and 100,000 errors: refuse it with one diagnostic.
  if (source.length > MAX_FRONT_MATTER) {
    out.push(diagnostic('error', format === 'toml' ? 'invalid-toml' : 'invalid-yaml', 2, 1, `the front matter is ${Math.round(source.length / 1024)} KB; keep it under ${MAX_FRONT_MATTER / 1024} KB (title, variables and settings only), or check for a missing closing '${format === 'toml' ? '+++' : '---'}'`));
    return { variables: [], frontMatter: { ...base, raw: {} } };
  }
  const tree = format === 'toml' ? readToml(source, out) : readYaml(source, out);
  if (!tree) return none;
  if (!tree.entries) {
    if (tree.value === null || tree.value === '') return none;
    out.push(diagnostic('error', 'invalid-yaml', tree.line, tree.column, 'the front matter must be a mapping of keys such as title: and variables:'));
    return none;
  }
  const raw = (tree.value ?? {}) as Record<string, unknown>;
  const result: { -readonly [K in keyof FrontMatterResult]: FrontMatterResult[K] } = { variables: [], frontMatter: { ...base, raw } };

  for (const entry of tree.entries) {
    const { key, line, column, value: node } = entry;
    const badValue = (message: string) => out.push(diagnostic('error', 'bad-front-matter-value', line, column, message, { endColumn: column + key.length }));
    const str = (): string | undefined => {
      if (node.text !== undefined && typeof node.value !== 'boolean') return node.text;
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
        if (typeof node.value !== 'boolean') badValue("front-matter 'runbook' must be true or false");
        break;
      case 'shell': {
        // Any shell runs if it is installed on the host (a missing one fails at run time).
        const s = str();
        if (s !== undefined && !isShellName(s)) badValue(`front-matter shell '${s}' is not a program name: write e.g. shell: ksh or shell: /bin/ksh`);
        else result.shell = s;
        break;
      }
      case 'timeout': {
        const ms = typeof node.value === 'string' ? parseDuration(node.value) : undefined;
        const written = node.text ?? String(node.value);
        const tooLong = ms === undefined ? undefined : timeoutTooLong(ms, written);
        if (ms === undefined) out.push(diagnostic('error', 'bad-timeout', line, column, `front-matter timeout '${written}' is not a duration: write e.g. timeout: 10m`, { endColumn: column + key.length }));
        else if (tooLong) out.push(diagnostic('error', 'bad-timeout', line, column, `front-matter ${tooLong}`, { endColumn: column + key.length }));
        else result.timeoutMs = ms;
        break;
      }
      case 'variables': {
        if (node.value === null || node.value === undefined) break;
        if (!node.entries) {
          badValue("front-matter 'variables' must be a mapping: NAME: {description: …, default: …}");
          break;
        }
        for (const v of node.entries) {
          const spec = readVariable(v, out);
          if (spec) result.variables.push(spec);
        }
        break;
      }
      default:
        unknownKey(entry, out);
    }
  }
  lintSecretValues(lines, result.variables, lines.offset(end + 1), out);
  return result;
}

/**
 * Keys of other tools (Hugo `weight`, Docusaurus `sidebar_position`, Jekyll `layout`, …) are
 * silent; Runme's get an information note; a near miss of a Runbook key is a warning.
 */
function unknownKey({ key, line, column }: FmEntry, out: Diagnostic[]): void {
  const note = Object.hasOwn(FOREIGN_FRONT_MATTER_NOTES, key) ? FOREIGN_FRONT_MATTER_NOTES[key] : undefined;
  if (note) {
    out.push(diagnostic('information', 'foreign-front-matter-key', line, column, `${key}: ${note}`, { endColumn: column + key.length }));
    return;
  }
  const hint = nearMiss(key, FRONT_MATTER_KEYS);
  if (!hint) return;
  out.push(diagnostic('warning', 'unknown-front-matter-key', line, column,
    `unknown front-matter key '${key}': did you mean '${hint}'? (keys of other tools are fine; this one is close to a Runbook key)`,
    { endColumn: column + key.length, data: { suggestion: hint } }));
}

function readYaml(text: string, out: Diagnostic[]): FmNode | undefined {
  const counter = new LineCounter();
  // `merge`: YAML merge keys (`<<: *base`) apply, so a merged `secret: true` is not lost.
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, logLevel: 'error', merge: true });
  const root = doc.contents as YamlNode | null;
  const rootAt = () => {
    const p = counter.linePos(root?.range?.[0] ?? 0);
    return [p.line + 1, p.col] as const; // +1 for the opening ---
  };
  if (doc.errors.length > 0) {
    // Hostile YAML (a line of 100,000 `{`) yields an error per character: the first few say it all.
    for (const e of doc.errors.slice(0, 20)) {
      const pos = e.linePos?.[0];
      const message = e.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
      out.push(diagnostic('error', 'invalid-yaml', (pos?.line ?? 1) + 1, pos?.col ?? 1, `invalid YAML in the front matter: ${message}. Fix the YAML between the '---' lines`));
    }
    return undefined;
  }
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return undefined;
  if (!isMap(root)) {
    out.push(diagnostic('error', 'invalid-yaml', ...rootAt(), 'the front matter must be a mapping of keys such as title: and variables:'));
    return undefined;
  }
  try {
    // A self-referencing alias (`a: &a [*a]`) gives a cycle, which JSON (`runbook parse`, the
    // webview) cannot carry: JSON.stringify throws on it, and that is the check.
    JSON.stringify(doc.toJS());
  } catch (error) {
    // `yaml` refuses alias bombs ("Excessive alias count …") by throwing: report, never throw.
    const first = errorMessage(error).split('\n', 1)[0]!;
    const message = /circular/i.test(first) ? 'an alias (*name) refers to the value that contains it' : first;
    out.push(diagnostic('error', 'invalid-yaml', ...rootAt(), `invalid YAML in the front matter: ${message}. Remove the YAML aliases (*name) between the '---' lines`));
    return undefined;
  }
  return yamlTree(root, doc, counter, 1);
}

function readToml(text: string, out: Diagnostic[]): FmNode | undefined {
  const parsed = tomlTree(text, 1);
  if (parsed.ok) return parsed.tree;
  out.push(diagnostic('error', 'invalid-toml', parsed.line, parsed.column, `invalid TOML in the front matter: ${parsed.message}. Fix the TOML between the '+++' lines`));
  return undefined;
}

function readVariable(entry: FmEntry, out: Diagnostic[]): VariableSpec | undefined {
  const { key: name, line, column, value: node } = entry;
  const problem = (message: string, severity: 'error' | 'warning' = 'error') =>
    out.push(diagnostic(severity, 'bad-variable', line, column, message, { endColumn: column + name.length }));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    problem(`variable name '${name}' is not a valid environment variable name: use letters, digits and '_', not starting with a digit`);
    return undefined;
  }
  // `NAME:` alone declares; `NAME: value` is shorthand for a default.
  const fields: readonly FmEntry[] =
    node.entries ?? (node.value === null || node.value === undefined ? [] : [{ key: 'default', line, column, value: node }]);
  const spec: { -readonly [K in keyof VariableSpec]: VariableSpec[K] } = { name, secret: false, required: false, line };
  for (const field of fields) {
    const k = field.key;
    const v = field.value;
    switch (k) {
      case 'description':
      case 'default':
      case 'pattern': {
        // The scalar as written: `default: 01234` stays `01234` (YAML would read the number 1234).
        if (v.text === undefined && v.value !== null) problem(`variable ${name}: '${k}' must be text`);
        else if (v.text !== undefined) spec[k] = v.text;
        break;
      }
      case 'secret':
      case 'required':
        if (typeof v.value !== 'boolean') problem(`variable ${name}: '${k}' must be true or false`);
        else {
          spec[k] = v.value;
          if (k === 'required' && !v.value) spec.optional = true;
        }
        break;
      case 'choices':
        if (!v.items || v.items.length === 0 || v.items.some((c) => c.text === undefined)) problem(`variable ${name}: 'choices' must be a non-empty list such as [dev, prod]`);
        else spec.choices = v.items.map((c) => c.text!);
        break;
      default: {
        const hint = didYouMean(k, VARIABLE_KEYS);
        problem(`variable ${name}: unknown field '${k}'${hint ? `: did you mean '${hint}'?` : `: known fields are ${VARIABLE_KEYS.join(', ')}`}`, 'warning');
      }
    }
  }
  // `<<: *secretvar` then `secret: false`: a merged secret stays secret (and the merge is an error).
  if (keepsMergedSecret(node, name, out)) spec.secret = true;
  let regex: RegExp | undefined;
  if (spec.pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${spec.pattern})$`);
    } catch (error) {
      problem(`variable ${name}: pattern is not a valid regular expression (${errorMessage(error).replace(/^Invalid regular expression: /, '')})`);
      spec.pattern = undefined;
    }
  }
  if (spec.default !== undefined) {
    if (spec.secret) {
      out.push(diagnostic('warning', 'secret-with-default', line, column,
        `variable ${name} is secret but has a default, which puts the secret in the file: remove 'default' and enter the value when you run`, { endColumn: column + name.length }));
    }
    if (regex && !regex.test(spec.default)) problem(`variable ${name}: default '${spec.secret ? '••••••' : spec.default}' does not match its pattern ${spec.pattern}`);
    if (spec.choices && !spec.choices.includes(spec.default)) problem(`variable ${name}: default '${spec.secret ? '••••••' : spec.default}' is not one of its choices (${spec.secret ? 'not shown: secret' : spec.choices.join(', ')})`);
  }
  if (spec.secret) lintShortSecret(spec, column, out);
  return spec;
}
