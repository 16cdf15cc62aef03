import { readFileSync, readdirSync } from 'node:fs';
import { parseRunbook } from '../../src/core/format';
import { RunbookLanguageService } from '../../src/core/language';
const dir = process.argv[2]!;
for (const f of readdirSync(dir)) {
  const t = readFileSync(dir + '/' + f, 'utf8');
  let s = performance.now(); parseRunbook(t); const a = performance.now() - s;
  s = performance.now(); const svc = new RunbookLanguageService(); const src = { uri: 'file:///f.md', version: 1, getText: () => t }; svc.diagnostics(src); const b = performance.now() - s;
  s = performance.now(); svc.documentSymbols(src); const c = performance.now() - s;
  console.log(f, t.length, a.toFixed(0), b.toFixed(0), c.toFixed(0));
}
