// Document symbols (the steps of a runbook, by id and title) and workspace symbols (jump to a step
// by id across every runbook in the workspace).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { Runbook } from '../format/model';

export function documentSymbols(runbook: Runbook, lines: readonly string[]): DocumentSymbol[] {
  return runbook.steps.map((step) => {
    const first = step.line - 1;
    const last = step.kind === 'code' ? Math.min(step.endLine, lines.length) - 1 : first;
    const selectionRange = { start: { line: first, character: 0 }, end: { line: first, character: lines[first]?.length ?? 0 } };
    return {
      name: step.id,
      detail: step.title,
      kind: step.kind === 'code' ? SymbolKind.Function : SymbolKind.Boolean,
      range: { start: selectionRange.start, end: { line: last, character: lines[last]?.length ?? 0 } },
      selectionRange,
    };
  });
}

/** True when the query's characters appear in order in the id (case-insensitive), as VS Code filters. */
export function matchesQuery(id: string, query: string): boolean {
  const hay = id.toLowerCase();
  let at = 0;
  for (const ch of query.toLowerCase().replace(/\s+/g, '')) {
    at = hay.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

export interface IndexedRunbook {
  readonly uri: string;
  readonly runbook: Runbook;
}

export function workspaceSymbols(query: string, runbooks: Iterable<IndexedRunbook>, limit = 1000): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const { uri, runbook } of runbooks) {
    for (const step of runbook.steps) {
      if (!matchesQuery(step.id, query)) continue;
      out.push({
        name: step.id,
        kind: step.kind === 'code' ? SymbolKind.Function : SymbolKind.Boolean,
        location: { uri, range: { start: { line: step.line - 1, character: 0 }, end: { line: step.line - 1, character: 0 } } },
        containerName: `${runbook.title} — ${step.title}`,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
