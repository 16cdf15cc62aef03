import { parseRunbook } from '../../src/core/format';
const r = parseRunbook('---\na: &a [*a]\n---\n# x\n'); console.log(JSON.stringify(r.diagnostics));
