// Secrets never leave the process in clear: a real `runbook run` with two secret variables whose
// values are printed whole, split across output chunks (also mid-UTF-8-character), on stderr,
// inside error messages, through `env`, from Python, literally in the runbook text, in a failed
// cwd and in a note. Then every byte under the sessions directory, every export (html, md, json,
// junit), the CLI's stdout/stderr (live, --json, --dry-run) and the executor's scratch directory
// are searched for the values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNewSession, readSessionState } from '../../src/core/session';
import { filesUnder, onlySession, runCliProcess } from './reliability-cli';

const TOKEN = 'hunter2-Sx9QpZ7vKw';
const PASS = 'пароль-ßecret-42é'; // multi-byte UTF-8, so a chunk boundary can fall inside a character

const BOOK = `---
title: Secrets
variables:
  TOKEN: {secret: true, required: true}
  PASS: {secret: true, pattern: "[^ ]+"}
  HOST: {default: example}
---
# Secrets

\`\`\`bash {#plain}
echo "token is $TOKEN on $HOST"
echo "pass is $PASS" >&2
\`\`\`

\`\`\`bash {#split}
printf '%s' "$TOKEN" | head -c 5; sleep 0.15; printf '%s\\n' "$TOKEN" | tail -c +6
printf '%s' "$PASS" | head -c 3; sleep 0.15; printf '%s\\n' "$PASS" | tail -c +4
printf '%s' "$PASS" | head -c 7 >&2; sleep 0.15; printf '%s\\n' "$PASS" | tail -c +8 >&2
\`\`\`

\`\`\`bash {#env}
env | grep -E '^(TOKEN|PASS|RUNBOOK_VAR_)' | sort
export DERIVED="$TOKEN"
\`\`\`

\`\`\`bash {#carried}
echo "derived $DERIVED"
\`\`\`

\`\`\`bash {#error continue-on-error}
ls "/nonexistent/$TOKEN"
\`\`\`

\`\`\`python {#python}
import os, sys
print("py", os.environ["TOKEN"], flush=True)
sys.stderr.write("py-err " + os.environ["PASS"] + "\\n")
\`\`\`

\`\`\`bash {#literal}
echo "literal: ${TOKEN}"
echo "typed in the runbook: hunter2-Sx9QpZ7vKw"
\`\`\`

\`\`\`bash {#failing-cwd cwd=/nonexistent/hunter2-Sx9QpZ7vKw continue-on-error}
echo never
\`\`\`
`;

/** Every form a value could take in a file or export: as is, JSON-escaped, HTML-escaped, base64 at 3 offsets. */
function forms(value: string): string[] {
  const b64 = [0, 1, 2].map((pad) => Buffer.from('x'.repeat(pad) + value).toString('base64').slice(Math.ceil((pad * 4) / 3) + 2, -4));
  return [value, JSON.stringify(value).slice(1, -1), value.replace(/&/g, '&amp;'), ...b64.filter((s) => s.length >= 8)];
}

function assertNoSecret(where: string, data: Buffer | string): void {
  const text = Buffer.isBuffer(data) ? data.toString('latin1') + data.toString('utf8') : data;
  for (const secret of [TOKEN, PASS]) {
    for (const form of forms(secret)) assert.ok(!text.includes(form) && !text.includes(Buffer.from(form, 'utf8').toString('latin1')), `${where} contains the secret ${JSON.stringify(secret)} (as ${JSON.stringify(form)})`);
  }
}

test('no secret value in any session file, export, or CLI output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-secrets-'));
  const scratch = mkdtempSync(join(tmpdir(), 'rb-secrets-tmp-'));
  writeFileSync(join(dir, 'book.md'), BOOK);
  const sessions = join(dir, 'sessions');
  // TMPDIR: the executor's scratch files (wrapper scripts, shell state) go here, so we can check them too.
  const env = { RUNBOOK_VAR_TOKEN: TOKEN, RUNBOOK_VAR_PASS: PASS, TMPDIR: scratch };

  const dry = await runCliProcess(['run', 'book.md', '--sessions', sessions, '--dry-run'], dir, env);
  assert.equal(dry.code, 0, dry.stderr);
  assertNoSecret('runbook run --dry-run', dry.stdout + dry.stderr);

  const run = await runCliProcess(['run', 'book.md', '--sessions', sessions], dir, env);
  assertNoSecret('runbook run (stdout)', run.stdout);
  assertNoSecret('runbook run (stderr)', run.stderr);
  // The steps did run and print (masked): the test would be empty otherwise.
  assert.match(run.stdout, /token is •+ on example/);
  assert.match(run.stdout, /derived •+/);
  assert.match(run.stdout + run.stderr, /No such file or directory/);
  assert.match(run.stdout + run.stderr, /failed failing-cwd .*working directory \/nonexistent\/•+ does not exist/);

  const session = onlySession(sessions);
  // A note and a skip reason that quote the secret (an operator pasting it) are masked too.
  const noteSessions = join(dir, 'note-sessions');
  const live = await openNewSession({ sessionsDir: noteSessions, runbookPath: join(dir, 'book.md'), runbookText: BOOK, variables: { TOKEN, PASS, HOST: 'example' }, secretNames: ['TOKEN', 'PASS'], tool: { name: 'test', version: '0' } });
  await live.addNote('plain', `rotated ${TOKEN} and ${PASS}`);
  await live.skipStep('split', `skipped, ${TOKEN} expired`);
  await live.end('passed');
  assert.match((await readSessionState(live.dir)).steps.plain?.note ?? '', /^rotated •+ and •+$/);

  const files = [...filesUnder(sessions), ...filesUnder(noteSessions)];
  assert.ok(files.some((f) => f.endsWith('events.jsonl')) && files.some((f) => f.includes('outputs')));
  for (const file of files) assertNoSecret(file, readFileSync(file));

  for (const exported of [session, live.dir]) {
    for (const format of ['html', 'md', 'json', 'junit']) {
      const out = join(dir, `evidence.${format}`);
      const r = await runCliProcess(['export', exported, '--format', format, '-o', out], dir);
      assert.equal(r.code, 0, r.stderr);
      assertNoSecret(`export ${format} of ${exported}`, readFileSync(out));
      assertNoSecret(`export ${format} (stderr)`, r.stderr);
    }
  }
  const json = await runCliProcess(['run', 'book.md', '--sessions', sessions, '--json'], dir, env);
  assertNoSecret('runbook run --json', json.stdout + json.stderr);

  // The executor's scratch files are gone after the run, and held no secret while they existed
  // (the shell-state file carries the environment between steps).
  for (const file of filesUnder(scratch)) assertNoSecret(`scratch ${file}`, readFileSync(file));
  assert.deepEqual(readdirSync(scratch), [], 'the executor removes its scratch directory');
});

test('a secret that fails its pattern is not echoed in the error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-secrets-'));
  writeFileSync(join(dir, 'book.md'), '---\nvariables:\n  PIN: {secret: true, pattern: "[0-9]{4}"}\n---\n# P\n\n```bash\necho "$PIN"\n```\n');
  const value = 'not-a-pin-Zq81xv';
  const r = await runCliProcess(['run', 'book.md', '--var', `PIN=${value}`], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /PIN/);
  assert.ok(!r.stderr.includes(value) && !r.stdout.includes(value), r.stderr);
});

// Issue 17 (critical 4): programs print secrets escaped. Each program below runs for real, once
// outside runbook (to learn exactly what it prints) and once as a step; no printed form may reach
// a session file, an export or the CLI's output.
const QUOTY = `p@ss w0rd'it"s$x`;
const WIDE = 'clé secrète/ü+1&';

const ESCAPING_BOOK = `---
title: Escaped secrets
variables:
  QUOTY: {secret: true}
  WIDE: {secret: true}
---
# Escaped

\`\`\`bash {#xtrace}
set -x
: "$QUOTY" "$WIDE"
\`\`\`

\`\`\`bash {#declare}
declare -p QUOTY WIDE
printf '%q\\n' "$QUOTY" "$WIDE"
( export LC_ALL=C; printf '%q\\n' "$WIDE" )
\`\`\`

\`\`\`python {#python}
import os, json, base64, urllib.parse
for v in (os.environ["QUOTY"], os.environ["WIDE"]):
    print(repr(v), json.dumps(v), json.dumps(v, ensure_ascii=False), urllib.parse.quote(v, safe=""), urllib.parse.quote_plus(v), base64.b64encode(v.encode()).decode())
\`\`\`

\`\`\`node {#node}
for (const v of [process.env.QUOTY, process.env.WIDE]) console.log(JSON.stringify(v), encodeURIComponent(v), JSON.stringify({ v }));
\`\`\`

\`\`\`bash {#base64}
for pad in "" x xy; do printf '%s%s' "$pad" "$QUOTY" | base64 -w0; echo; printf '%s%s!' "$pad" "$WIDE" | base64 -w0; echo; done
\`\`\`
`;

/** What each program prints for a value, learned by running it outside runbook. */
function printedForms(value: string): string[] {
  const env = { ...process.env, V: value };
  const sh = (script: string) => execFileSync('bash', ['-c', script], { env, encoding: 'utf8' });
  const py = (expr: string) => execFileSync('python3', ['-c', `import os, json, urllib.parse; v = os.environ["V"]; print(${expr})`], { env, encoding: 'utf8' }).trim();
  const xtrace = /^\+ : (.*)$/m.exec(sh('set -x; : "$V"; set +x 2>/dev/null') + sh('{ set -x; : "$V"; } 2>&1'))![1]!;
  const declared = /^declare -x V=(.*)$/m.exec(sh('export V; declare -p V'))![1]!;
  const forms = [
    xtrace,
    declared,
    sh('printf "%q" "$V"'),
    sh('export LC_ALL=C; printf "%q" "$V"'),
    py('repr(v)'),
    py('json.dumps(v)'),
    py('json.dumps(v, ensure_ascii=False)'),
    py('urllib.parse.quote(v, safe="")'),
    py('urllib.parse.quote_plus(v)'),
    execFileSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.env.V) + "\\n" + encodeURIComponent(process.env.V))'], { env, encoding: 'utf8' }),
  ].flatMap((f) => f.split('\n'));
  // Quoted forms: their inside alone must not appear either.
  const inner = forms.filter((f) => /^(["'$]).*["']$/.test(f)).map((f) => f.replace(/^\$?["']/, '').slice(0, -1));
  const b64 = [0, 1, 2].map((pad) => Buffer.from('x'.repeat(pad) + value).toString('base64').slice(Math.ceil((pad * 4) / 3) + 2, -4));
  return [...new Set([...forms, ...inner, ...b64])].filter((f) => f.length >= 6);
}

test('escaped forms of secrets (set -x, declare -p, printf %q, repr, json.dumps, JSON.stringify, URL, base64) reach no session file, export or output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-secrets-esc-'));
  writeFileSync(join(dir, 'book.md'), ESCAPING_BOOK);
  const sessions = join(dir, 'sessions');
  const run = await runCliProcess(['run', 'book.md', '--sessions', sessions], dir, { RUNBOOK_VAR_QUOTY: QUOTY, RUNBOOK_VAR_WIDE: WIDE });
  assert.equal(run.code, 0, run.stderr);
  const forms = [...printedForms(QUOTY), ...printedForms(WIDE)];
  // The programs printed escaped forms (not the plain value), so this would fail without masking them.
  assert.ok(forms.some((f) => f.includes(`'\\''`)) && forms.some((f) => f.includes('\\"')) && forms.some((f) => f.includes('%20')) && forms.some((f) => f.includes('\\u00e9')), JSON.stringify(forms));
  const check = (where: string, data: Buffer | string) => {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : data;
    for (const form of forms) assert.ok(!text.includes(form), `${where} contains ${JSON.stringify(form)}`);
  };
  check('runbook run output', run.stdout + run.stderr);
  assert.match(run.stdout + run.stderr, /\+ : '•+' '•+'/, 'set -x printed the masked values');
  const session = onlySession(sessions);
  for (const file of filesUnder(session)) check(file, readFileSync(file));
  for (const format of ['html', 'md', 'json', 'junit']) {
    const r = await runCliProcess(['export', session, '--format', format], dir);
    assert.equal(r.code, 0, r.stderr);
    check(`export ${format}`, r.stdout);
  }
});
