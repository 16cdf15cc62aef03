// `npm run test:unit [filter…]`: the node:test files of test/unit (those whose path contains a
// filter, when given), run as `npm test`'s unit layer runs them: in their own TMPDIR, removed after.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './codeServer';
import { runNodeTests } from './run-e2e';

export function unitFiles(): string[] {
  return fs.readdirSync(path.join(ROOT, 'test', 'unit')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', 'unit', f));
}

if (require.main === module) {
  const filter = process.argv.slice(2);
  const files = unitFiles().filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
  runNodeTests(files).then((r) => {
    console.log(`${r.passed} passed, ${r.failed} failed`);
    process.exit(r.exitCode);
  });
}
