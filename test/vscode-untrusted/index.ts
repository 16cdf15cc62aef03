// Entry of the untrusted-workspace suite: the harness opens the folder WITHOUT trusting it.
import { runMochaSuite } from '../harness/mochaSuite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}
