// Building diagnostics: one place that fills in ranges so every rule reports the same shape.
import type { Diagnostic, DiagnosticCode, Severity } from './model';

export function diagnostic(
  severity: Severity,
  code: DiagnosticCode,
  line: number,
  column: number,
  message: string,
  options: { endLine?: number; endColumn?: number; data?: Record<string, string> } = {},
): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    line,
    column: Math.max(1, column),
    endLine: options.endLine ?? line,
    endColumn: Math.max(column + 1, options.endColumn ?? column + 1),
    message,
  };
  return options.data ? { ...d, data: options.data } : d;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

/** Source order, then severity: what `runbook lint` prints and the tests compare. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column || ORDER[a.severity] - ORDER[b.severity]);
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
