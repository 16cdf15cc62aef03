// Secrets never reach disk: grep every file a session writes, and every export, for the values.
import { strict as assert } from 'node:assert';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXPORT_FORMATS, exportSession } from '../../src/core/evidence';
import { parseRunbook } from '../../src/core/format/parse';
import { openNewSession, resumeSession } from '../../src/core/session';
import { outcome, writeOutput, tempDir } from '../fixtures/session/record';

const SECRETS = { TOKEN: 'tok-A1B2C3D4E5', PASSWORD: 'pa55-w0rd-Z9' };

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(...(entry.isDirectory() ? await allFiles(path) : [path]));
  }
  return out;
}

test('no secret value appears in any session file or export, wherever it was passed in', async () => {
  const root = await tempDir('rb-secret-');
  // Someone pasted a secret into the runbook itself, a note, a reason, a variable and a check author.
  const text = `# Rotate credentials\n\n<!-- old token ${SECRETS.TOKEN} -->\n\n\`\`\`bash\nlogin --password "$PASSWORD"\n\`\`\`\n\n- [ ] tell the team\n`;
  const variables = { TOKEN: SECRETS.TOKEN, PASSWORD: SECRETS.PASSWORD, HOST: 'db-1' };
  const session = await openNewSession({
    sessionsDir: root, runbookPath: `/srv/${SECRETS.TOKEN}.md`, runbookText: text, variables, secretNames: ['TOKEN', 'PASSWORD'],
    tool: { name: 'runbook', version: '0' }, user: 'ops',
  });
  const [code, check] = parseRunbook(text).steps;
  assert.ok(code?.kind === 'code' && check?.kind === 'check');
  await session.onStepStart?.(code, 1);
  // The executor masks what it writes to the output file; the session masks everything else.
  const out = await writeOutput(session, code.id, 1, 'logged in as ops with ••••••\n');
  await session.onStepEnd?.(code, outcome(code, 'failed', out, `expected output to match /${SECRETS.PASSWORD}/`));
  await session.addNote(code.id, `used ${SECRETS.PASSWORD} then ${SECRETS.TOKEN}`, `ops ${SECRETS.TOKEN}`);
  await session.setCheck(check.id, true, 'ops');
  await session.skipStep('later', `because ${SECRETS.PASSWORD}`);
  // A crash, then a resume that is given the secrets again.
  await writeFile(join(session.dir, 'session.lock'), JSON.stringify({ pid: 2 ** 22 + 777, host: hostname() }));
  const resumed = await resumeSession(session.dir, `${text}\n<!-- new ${SECRETS.PASSWORD} -->\n`, { variables, secretNames: ['TOKEN', 'PASSWORD'] });
  await resumed.addNote(code.id, `after resume ${SECRETS.TOKEN}`);
  await resumed.end('failed');

  for (const format of EXPORT_FORMATS) await writeFile(join(root, `export.${format}`), await exportSession(session.dir, format, 'runbook test'));
  const files = await allFiles(root);
  assert.ok(files.length >= 8, files.join('\n'));
  for (const file of files) {
    for (const value of Object.values(SECRETS)) assert.equal(file.includes(value), false, `secret in a file name: ${file}`);
    const content = await readFile(file);
    for (const [name, value] of Object.entries(SECRETS)) {
      assert.equal(content.includes(value), false, `${name} leaked into ${file}`);
      assert.equal(content.includes(Buffer.from(value).toString('base64')), false, `${name} leaked (base64) into ${file}`);
    }
  }
  const log = await readFile(join(session.dir, 'events.jsonl'), 'utf8');
  assert.match(log, /"TOKEN":"••••••"/);
  assert.match(log, /"HOST":"db-1"/);
  assert.match(log, /used •••••• then ••••••/);
});
