// Lint for secret variables whose value is in the file or too short to mask well:
// - `secret-in-file`: a secret's known value (its default) written literally in the body. Every
//   session records the runbook's SHA-256, from which a short value can be brute-forced.
// - `short-secret`: a known value (default or choice) under 6 characters. Masking replaces every
//   occurrence in output, so a short value also hides innocent output (digits in a digest).
// - a YAML merge (`<<: *secretvar`) followed by `secret: false`: the merged variable keeps the
//   `secret` it merged, and the merge is an error so the author sees it.
import type { Diagnostic, VariableSpec } from './model';
import { diagnostic } from './diagnostics';
import type { FmNode } from './frontMatterTree';
import type { SourceLines } from './text';

export const MIN_SECRET_LENGTH = 6;
/** Shorter values would match all over the text; short-secret already warns about them. */
const MIN_SEARCHED_LENGTH = 4;
const MAX_REPORTS_PER_SECRET = 10;

/** True (with an error) when the mapping merged `secret: true` and then says `secret: false`. */
export function keepsMergedSecret(node: FmNode, name: string, out: Diagnostic[]): boolean {
  const merged = node.overridden?.find((e) => e.key === 'secret' && e.value.value === true);
  const own = node.entries?.find((e) => e.key === 'secret' && e.mergedFrom === undefined);
  if (!merged || own?.value.value !== false) return false;
  out.push(diagnostic('error', 'bad-variable', own.line, own.column,
    `variable ${name} merges 'secret: true' from *${merged.mergedFrom} but sets 'secret: false': a merged secret stays secret; remove 'secret: false' or do not merge *${merged.mergedFrom}`,
    { endColumn: own.column + own.key.length }));
  return true;
}

export function lintShortSecret(spec: VariableSpec, column: number, out: Diagnostic[]): void {
  const known = [...(spec.default !== undefined ? [spec.default] : []), ...(spec.choices ?? [])];
  const short = known.filter((v) => v.length > 0 && v.length < MIN_SECRET_LENGTH);
  if (short.length === 0) return;
  const what = spec.default !== undefined && short.includes(spec.default) ? `its default is ${spec.default.length} characters long` : 'one of its choices is shorter than 6 characters';
  out.push(diagnostic('warning', 'short-secret', spec.line, column,
    `secret variable ${spec.name}: ${what}. Values under ${MIN_SECRET_LENGTH} characters are masked wherever they appear, which also hides innocent output (digits in a digest, common words): use a longer secret, or drop 'secret' if the value is not one`,
    { endColumn: column + spec.name.length }));
}

/** Warns at each place in the body (after the front matter) where a secret's default is written. */
export function lintSecretValues(lines: SourceLines, variables: readonly VariableSpec[], bodyStart: number, out: Diagnostic[]): void {
  const text = lines.text;
  for (const v of variables) {
    if (!v.secret || v.default === undefined || v.default.length < MIN_SEARCHED_LENGTH) continue;
    let reports = 0;
    for (let at = text.indexOf(v.default, bodyStart); at >= 0 && reports < MAX_REPORTS_PER_SECRET; at = text.indexOf(v.default, at + v.default.length)) {
      const { line, column } = positionOf(lines, at);
      out.push(diagnostic('warning', 'secret-in-file', line, column,
        `the value of secret variable ${v.name} is written here in clear: use $${v.name} (the variable) instead, and remove its default so the value lives only in memory`,
        { endColumn: column + v.default.length, data: { variable: v.name } }));
      reports++;
    }
  }
}

function positionOf(lines: SourceLines, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.offset(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lines.offset(lo) + 1 };
}
