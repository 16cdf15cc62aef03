// Shared by the suite indexes (test/vscode/index.ts, test/vscode-untrusted/index.ts): runs every
// *.test.js file beside the index in one mocha run inside the extension host, and prints a
// machine-readable result line that the harness (test/harness/vscodeSuite.ts) parses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_MARKER = 'RUNBOOK_SUITE_RESULT';

export interface SuiteResult {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
}

export function runMochaSuite(directory: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.RUNBOOK_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(directory).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(directory, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      const result: SuiteResult = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
      console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
      if (files.length === 0) reject(new Error(`No *.test.js files in ${directory}: was the suite built (npm run build)?`));
      else if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
  });
}
