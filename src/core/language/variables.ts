// Where variables are used in step bodies and declared in the front matter, in document coordinates
// (0-based line, UTF-16 columns), for hover, definition, references, rename and completion.
import type { CodeStep, RunnerKind, VariableSpec } from '../format/model';
import type { RunbookDocument } from './document';

export interface VariableUse {
  readonly name: string;
  readonly line: number;
  /** Columns of the name itself (without `$`, `${`, `$env:`). */
  readonly start: number;
  readonly end: number;
  readonly stepId: string;
  /** PowerShell and cmd variable names are case-insensitive. */
  readonly caseless: boolean;
}

export interface VariableDeclaration {
  readonly name: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly spec: VariableSpec;
}

const PATTERNS: Readonly<Record<RunnerKind, RegExp>> = {
  bash: /\$\{#?([A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g,
  sh: /\$\{#?([A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g,
  zsh: /\$\{#?([A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g,
  'other-shell': /\$\{#?([A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g,
  pwsh: /\$env:([A-Za-z_]\w*)|\$\{env:([A-Za-z_]\w*)\}/gi,
  cmd: /%([A-Za-z_]\w*)%/g,
  python: /os\.environ\[\s*["']([A-Za-z_]\w*)["']\s*\]|os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z_]\w*)["']/g,
  node: /process\.env\.([A-Za-z_]\w*)|process\.env\[\s*["']([A-Za-z_]\w*)["']\s*\]/g,
};

const SHELLS: readonly RunnerKind[] = ['bash', 'sh', 'zsh', 'other-shell'];
const CASELESS: readonly RunnerKind[] = ['pwsh', 'cmd'];

export function findVariableUses(doc: RunbookDocument): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const step of doc.runbook.steps) {
    if (step.kind !== 'code') continue;
    const codeLines = step.code.split('\n');
    codeLines.forEach((code, i) => {
      const lineIndex = step.line + i; // step.line is the 1-based fence line = 0-based first code line
      const source = doc.lines[lineIndex];
      if (source === undefined || lineIndex >= step.endLine - (step.unterminated ? 0 : 1)) return;
      const offset = source.endsWith(code) ? source.length - code.length : Math.max(0, source.indexOf(code));
      for (const found of usesInLine(code, step)) uses.push({ ...found, line: lineIndex, start: offset + found.start, end: offset + found.end });
    });
  }
  return uses;
}

function usesInLine(code: string, step: CodeStep): { name: string; start: number; end: number; stepId: string; caseless: boolean }[] {
  let text = code;
  if (SHELLS.includes(step.runner)) {
    if (/^\s*#/.test(code)) return [];
    text = code.replace(/'[^']*'/g, (q) => ' '.repeat(q.length)); // single quotes do not expand
  } else if (step.runner === 'pwsh' && /^\s*#/.test(code)) return [];
  const out: { name: string; start: number; end: number; stepId: string; caseless: boolean }[] = [];
  for (const m of text.matchAll(PATTERNS[step.runner])) {
    const name = m[1] ?? m[2];
    if (!name) continue;
    const start = m.index + m[0].indexOf(name, 1);
    out.push({ name, start, end: start + name.length, stepId: step.id, caseless: CASELESS.includes(step.runner) });
  }
  return out;
}

export function findDeclarations(doc: RunbookDocument): VariableDeclaration[] {
  return doc.runbook.variables.flatMap((spec) => {
    const line = spec.line - 1;
    const text = doc.lines[line] ?? '';
    const m = new RegExp(`(^|[\\s{,"'])(${spec.name})["']?\\s*:`).exec(text);
    if (!m) return [];
    const start = m.index + m[1]!.length;
    return [{ name: spec.name, line, start, end: start + spec.name.length, spec }];
  });
}

export function sameVariable(use: VariableUse, name: string): boolean {
  return use.caseless ? use.name.toUpperCase() === name.toUpperCase() : use.name === name;
}

export function declarationOf(doc: RunbookDocument, use: VariableUse): VariableDeclaration | undefined {
  return doc.declarations.find((d) => d.name === use.name) ?? (use.caseless ? doc.declarations.find((d) => sameVariable(use, d.name)) : undefined);
}

/** The variable (declared or used) under a position, with its declaration when there is one. */
export function variableAt(doc: RunbookDocument, line: number, character: number): { name: string; declaration?: VariableDeclaration; use?: VariableUse } | undefined {
  const declaration = doc.declarations.find((d) => d.line === line && character >= d.start && character <= d.end);
  if (declaration) return { name: declaration.name, declaration };
  const use = doc.variableUses.find((u) => u.line === line && character >= u.start && character <= u.end);
  if (!use) return undefined;
  const decl = declarationOf(doc, use);
  return { name: decl?.name ?? use.name, use, ...(decl ? { declaration: decl } : {}) };
}

/** Markdown describing a declared variable: description, default (hidden when secret), flags. */
export function describeVariable(spec: VariableSpec): string {
  const parts = [`**${spec.name}** — runbook variable`];
  if (spec.description) parts.push(spec.description);
  const facts: string[] = [];
  if (spec.secret) facts.push('Secret: yes — masked in output, never written to sessions or evidence');
  else facts.push('Secret: no');
  if (spec.default !== undefined) facts.push(spec.secret ? 'Default: (hidden: a secret should not have a default)' : `Default: \`${spec.default}\``);
  else facts.push('Default: none');
  if (spec.required) facts.push('Required: yes');
  if (spec.choices) facts.push(`Choices: ${spec.choices.map((c) => `\`${c}\``).join(', ')}`);
  if (spec.pattern) facts.push(`Pattern: \`${spec.pattern}\``);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n');
}
