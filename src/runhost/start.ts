// Entry of dist/runhost.js: loads the run host's bundle (dist/runhost-main.js, from main.ts) with
// its V8 code cache, so a run host starts without compiling its 1 MB bundle (../cli/codeCache.ts),
// and holds V8's young generation at its initial size (../cli/heapTuning.ts).
import { join } from 'node:path';
import { loadBundle } from '../cli/codeCache';
import { HOLD_YOUNG_GENERATION } from '../cli/heapTuning';

// The socket's listen() loads node:cluster on first use.
loadBundle(join(__dirname, 'runhost-main.js'), { v8Flags: HOLD_YOUNG_GENERATION, alsoLoad: ['node:cluster'] });
