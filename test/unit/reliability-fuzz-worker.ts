// Worker thread of the fuzz harness: parses and lints each document it is sent (the CLI's
// parse/lint path and the language server's diagnostics and outline), checks the invariants, and
// answers { ms, problem? }. A throw is a problem; so is a line outside the file.
import { parentPort } from 'node:worker_threads';
import { parseRunbook } from '../../src/core/format';
import { RunbookLanguageService } from '../../src/core/language';

let version = 0;

function check(text: string): string | undefined {
  const r = parseRunbook(text, { fileName: 'fuzz.md' });
  const lineCount = r.lineCount;
  if (!(lineCount >= 1)) return `lineCount ${lineCount}`;
  for (const d of r.diagnostics) {
    if (!(d.line >= 1 && d.line <= lineCount)) return `diagnostic ${d.code} on line ${d.line} of ${lineCount}`;
    if (!(d.endLine >= d.line && d.endLine <= lineCount)) return `diagnostic ${d.code} ends on line ${d.endLine} (starts ${d.line}, file has ${lineCount})`;
    if (!(d.column >= 1)) return `diagnostic ${d.code} at column ${d.column}`;
    if (typeof d.message !== 'string' || d.message.length === 0) return `diagnostic ${d.code} without a message`;
  }
  for (const s of r.steps) {
    if (!(s.line >= 1 && s.line <= lineCount)) return `step ${s.id} on line ${s.line} of ${lineCount}`;
    if (s.kind === 'code' && !(s.endLine >= s.line && s.endLine <= lineCount)) return `step ${s.id} ends on line ${s.endLine} of ${lineCount}`;
  }
  for (const v of r.variables) if (!(v.line >= 1 && v.line <= lineCount)) return `variable ${v.name} on line ${v.line} of ${lineCount}`;
  // JSON-serialisable (what `runbook parse` prints and the webview receives).
  JSON.stringify(r);
  // The language server's view of the same text (0-based LSP lines).
  const service = new RunbookLanguageService();
  const source = { uri: 'file:///fuzz/fuzz.md', version: ++version, getText: () => text };
  const physicalLines = text.split(/\r\n|\r|\n/).length;
  for (const d of service.diagnostics(source)) {
    if (!(d.range.start.line >= 0 && d.range.end.line < physicalLines)) return `LSP diagnostic on line ${d.range.start.line}–${d.range.end.line} of ${physicalLines}`;
  }
  service.documentSymbols(source);
  return undefined;
}

parentPort!.on('message', (text: string) => {
  const started = performance.now();
  let problem: string | undefined;
  try {
    problem = check(text);
  } catch (error) {
    problem = `threw: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`;
  }
  parentPort!.postMessage({ ms: performance.now() - started, ...(problem ? { problem } : {}) });
});
