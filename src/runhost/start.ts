// Entry of dist/runhost.js: loads the run host's bundle (dist/runhost-main.js, from main.ts) with
// its V8 code cache, so a run host starts without compiling its 1 MB bundle (../cli/codeCache.ts).
import { join } from 'node:path';
import { loadBundle } from '../cli/codeCache';

loadBundle(join(__dirname, 'runhost-main.js'));
