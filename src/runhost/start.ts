// Entry of dist/runhost.js: loads the run host's bundle (dist/runhost-main.js, from main.ts) with
// its V8 code cache, so a run host starts without compiling its 1 MB bundle (../cli/codeCache.ts),
// and sets the small V8 heap of a run's processes (../cli/heapTuning.ts). Plain Node only, as
// launch.ts's flags: Electron's run-as-node mode (the desktop extension host) sets V8 up its own
// way and was not measured.
import { join } from 'node:path';
import { loadBundle } from '../cli/codeCache';
import { RUN_PROCESS_V8_FLAGS } from '../cli/heapTuning';

// The socket's listen() loads node:cluster on first use.
loadBundle(join(__dirname, 'runhost-main.js'), process.versions.electron ? {} : { v8Flags: RUN_PROCESS_V8_FLAGS, alsoLoad: ['node:cluster'] });
