import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
const p = join(__dirname, '../unit/reliability-fuzz-worker.ts');
const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(p)});`, { eval: true });
w.on('error', (e) => console.log('error', e));
w.on('exit', (c) => console.log('exit', c));
w.on('message', (m) => { console.log('msg', m); w.terminate(); });
w.postMessage('# hi\n```bash\necho\n```\n');
