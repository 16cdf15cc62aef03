// Entry of the trusted real-VS-Code suite (the @vscode/test-electron convention: export `run()`).
// Every test/vscode/*.test.ts is bundled to its own out/test/vscode/*.test.js and added here.
import { runMochaSuite } from '../harness/mochaSuite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}
