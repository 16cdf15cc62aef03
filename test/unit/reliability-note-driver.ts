// A host process that records notes and checks through the Session API (as the extension host
// does when a note is edited or a check ticked), printing `RECORDED <n>` after each append has
// resolved. reliability-kill.test.ts kills it with SIGKILL between and during appends.
// Usage: node driver.js SESSIONS_DIR RUNBOOK_FILE COUNT
import { readFileSync } from 'node:fs';
import { openNewSession } from '../../src/core/session';

async function main(): Promise<void> {
  const [sessionsDir, runbookPath, count] = process.argv.slice(2) as [string, string, string];
  const session = await openNewSession({
    sessionsDir, runbookPath, runbookText: readFileSync(runbookPath, 'utf8'), variables: {}, secretNames: [], tool: { name: 'note-driver', version: '0' },
  });
  process.stdout.write(`SESSION ${session.dir}\n`);
  for (let n = 1; n <= Number(count); n++) {
    // Alternate notes (rapid edits of one step's note) and check ticks.
    if (n % 3 === 0) await session.setCheck('c1', n % 2 === 0, 'driver');
    else await session.addNote('s1', `note edit ${n} ${'·'.repeat(n % 50)}`, 'driver');
    process.stdout.write(`RECORDED ${n}\n`);
  }
  await session.end('passed');
  process.stdout.write('DONE\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
