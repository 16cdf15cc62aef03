import { readdirSync, readFileSync } from 'node:fs';
import { parseRunbook } from '../../src/core/format';
for (const f of readdirSync('test/fixtures/hostile')) { const s = performance.now(); const r = parseRunbook(readFileSync('test/fixtures/hostile/' + f, 'utf8')); console.log(f, r.steps.length, r.diagnostics.length, (performance.now() - s).toFixed(0)); }
