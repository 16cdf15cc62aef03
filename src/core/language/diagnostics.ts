// The format's lint diagnostics, as LSP diagnostics: same codes and messages as `runbook lint`.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Diagnostic, Severity } from '../format/model';
import type { RunbookDocument } from './document';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'runbook';

export function toLspDiagnostic(d: Diagnostic, bomOffset = 0): LspDiagnostic {
  const shift = (line: number) => (line === 1 ? bomOffset : 0);
  return {
    range: {
      start: { line: d.line - 1, character: d.column - 1 + shift(d.line) },
      end: { line: d.endLine - 1, character: d.endColumn - 1 + shift(d.endLine) },
    },
    severity: SEVERITY[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  };
}

export function diagnosticsFor(doc: RunbookDocument): LspDiagnostic[] {
  return doc.runbook.diagnostics.map((d) => toLspDiagnostic(d, doc.bomOffset));
}
