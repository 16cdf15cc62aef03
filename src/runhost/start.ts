// Entry of dist/runhost.js: loads the run host's bundle (dist/runhost-main.js, from main.ts) with
// its V8 code cache, so a run host starts without compiling its 1 MB bundle (../cli/codeCache.ts),
// and holds V8's young generation at its initial size (../cli/heapTuning.ts).
import { join } from 'node:path';
import { loadBundle } from '../cli/codeCache';
import { RUN_PROCESS_V8_FLAGS } from '../cli/heapTuning';

// The socket's listen() loads node:cluster on first use.
loadBundle(join(__dirname, 'runhost-main.js'), { v8Flags: RUN_PROCESS_V8_FLAGS, alsoLoad: ['node:cluster'] });
