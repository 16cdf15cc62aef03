// Evidence cases an adversarial review broke: content added to an export or a session that the log
// does not name (even with a good signature), a `.sig` nobody checked called "signed", concealed
// (SGR 8) text hidden in the HTML, a lone surrogate in a step id, HTML export time quadratic in
// steps, and a JSON export that had to fit in one string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSession, exportSessionTo, renderJson, loadJsonInput, verifyEvidence, verifyExportText } from '../../src/core/evidence';
import { ansiToHtml, escapeText, unescapeText } from '../../src/core/evidence/ansi';
import { DATA_CLOSE, DATA_OPEN } from '../../src/core/evidence/html';
import { loadEvidenceInput, renderHtml } from '../../src/core/evidence';
import { parseRunbook } from '../../src/core/format/parse';
import { openNewSession } from '../../src/core/session';
import { digestOutput } from '../../src/core/session/digest';
import { outcome, recordSession, tempDir, writeOutput } from '../fixtures/session/record';
import { syntheticSession } from '../fixtures/session/synthetic';
import { cliBundle, runCliProcess } from './reliability-cli';

function keypair(dir: string): { key: string; signers: string } {
  const key = join(dir, 'id');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@example.org', '-f', key]);
  const signers = join(dir, 'allowed');
  writeFileSync(signers, `ops@example.org namespaces="runbook" ${readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  return { key, signers };
}

test('content the log does not name is an alteration, even under a good signature: JSON outputs/snapshots, HTML excerpts/snapshots, files in outputs/', async () => {
  const root = await tempDir('rb-extra-');
  const { dir } = await recordSession({ sessionsDir: root });
  const { key, signers } = keypair(root);
  assert.equal((await runCliProcess(['sign', dir, '--key', key], root)).code, 0);
  assert.ok((await verifyEvidence(dir, { allowedSigners: signers })).ok);

  const json = JSON.parse(await exportSession(dir, 'json', 'runbook test')) as { outputs: Record<string, unknown>; snapshots: Record<string, string> };
  for (const [where, add] of [['outputs', { text: 'planted output' }], ['snapshots', '# planted runbook\n']] as const) {
    const doc = structuredClone(json) as Record<string, Record<string, unknown>>;
    doc[where]![`${where === 'outputs' ? 'outputs/planted.1.log' : 'runbook.9.md'}`] = add;
    const r = await verifyExportText('x.json', `${JSON.stringify(doc, null, 2)}\n`, { allowedSigners: signers });
    assert.equal(r.ok, false, `extra ${where} entry accepted: ${r.message}`);
    assert.match(r.message, /is not named by the event log/);
  }

  const html = await exportSession(dir, 'html', 'runbook test');
  const open = html.lastIndexOf(DATA_OPEN) + DATA_OPEN.length;
  const close = html.indexOf(DATA_CLOSE, open);
  for (const where of ['excerpts', 'snapshots'] as const) {
    const record = JSON.parse(unescapeText(html.slice(open, close))) as Record<string, Record<string, unknown>>;
    if (where === 'excerpts') record.excerpts!['outputs/planted.1.log'] = { head: { text: 'planted' }, tail: { text: '' } };
    else record.snapshots!['runbook.9.md'] = '# planted\n';
    const r = await verifyExportText('x.html', html.slice(0, open) + escapeText(JSON.stringify(record)) + html.slice(close), { allowedSigners: signers });
    assert.equal(r.ok, false, `extra ${where} entry accepted: ${r.message}`);
    assert.match(r.message, /is not named by the event log/);
  }

  writeFileSync(join(dir, 'outputs', 'planted.1.log'), 'planted\n');
  const s = await verifyEvidence(dir, { allowedSigners: signers });
  assert.equal(s.ok, false);
  assert.match(s.message, /the file 'outputs\/planted\.1\.log' is not named by the event log/);
});

test('an interrupted attempt\'s output file (started, never recorded) is not an addition: the session still verifies', async () => {
  const root = await tempDir('rb-extra-');
  const { dir } = await recordSession({ sessionsDir: root, crashInStep: 'health' });
  assert.ok((await verifyEvidence(dir)).ok, (await verifyEvidence(dir)).message);
});

test('a .sig nobody checked is "signature present, not checked", never "signed"', async () => {
  const root = await tempDir('rb-sig-');
  const { dir } = await recordSession({ sessionsDir: root });
  writeFileSync(join(dir, 'events.jsonl.sig'), '-----BEGIN SSH SIGNATURE-----\nstale\n-----END SSH SIGNATURE-----\n');
  const r = await runCliProcess(['verify', dir], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /signature present, not checked \(pass --allowed-signers FILE to check it\)/);
  assert.doesNotMatch(r.stdout, /\bsigned\b/);
});

test('concealed (SGR 8) output is visible in the HTML evidence, marked as revealed', () => {
  const html = ansiToHtml('shown \u001b[8mconcealed-secret-looking-text\u001b[28m after');
  assert.match(html, /<span style="[^"]*outline:1px dotted[^"]*">concealed-secret-looking-text<\/span>/);
  assert.doesNotMatch(html, /hidden/);
});

test('a step id with a lone surrogate: the fresh HTML and JSON exports verify, and the step matches the runbook copy', async () => {
  const root = await tempDir('rb-surrogate-');
  const text = '# Lone\n\n```bash {#a\uD800b}\necho hi\n```\n';
  const session = await openNewSession({ sessionsDir: root, runbookPath: join(root, 'b.md'), runbookText: text, variables: {}, secretNames: [], tool: { name: 't', version: '0' } });
  const step = parseRunbook(text).steps[0]!;
  assert.ok(step.kind === 'code' && step.id === 'a\uD800b');
  await session.onStepStart?.(step, 1);
  const out = await writeOutput(session, step.id, 1, 'hi\n');
  await session.onStepEnd?.(step, outcome(step, 'passed', out));
  await session.addNote(step.id, 'odd \uDC00 note');
  await session.end('passed');
  for (const format of ['html', 'json'] as const) {
    const file = join(root, `e.${format}`);
    writeFileSync(file, await exportSession(session.dir, format, 'runbook test'));
    const r = await verifyEvidence(file);
    assert.ok(r.ok, `${format}: ${r.message}`);
  }
  const html = await exportSession(session.dir, 'html', 'runbook test');
  assert.doesNotMatch(html, /not in the runbook copy/);
});

test('HTML export is linear in steps: 4× the steps costs well under 16× the CPU time', async () => {
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const timeOf = async (n: number) => {
    const input = await loadEvidenceInput(syntheticSession(n), 'runbook test');
    const t = cpu();
    renderHtml(input);
    return cpu() - t;
  };
  await timeOf(500); // warm up
  const small = await timeOf(4000);
  const big = await timeOf(16000);
  // Quadratic (the step lookups it had) is 16×; linear is 4× (plus noise on a shared machine).
  assert.ok(big / small < 9, `4,000 steps: ${Math.round(small / 1000)} ms CPU, 16,000 steps: ${Math.round(big / 1000)} ms CPU`);
});

test('the streamed JSON export is byte-for-byte the rendered one (text, invalid UTF-8 as base64, escapes, empty) and verifies', async () => {
  const root = await tempDir('rb-json-');
  const { dir } = await recordSession({
    sessionsDir: root,
    outputs: { health: Buffer.concat([Buffer.from('héllo \u001b[31mred\u001b[0m "q" \\ \u0001\u0002\n'.repeat(40000)), Buffer.from('é')]), rotate: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]), restart: '' },
  });
  const at = '2026-12-01T00:00:00.000Z';
  let streamed = '';
  await exportSessionTo(dir, 'json', 'runbook test', (chunk) => void (streamed += chunk), at);
  assert.equal(streamed, renderJson(await loadJsonInput(dir, 'runbook test', at)));
  const outputs = (JSON.parse(streamed) as { outputs: Record<string, object> }).outputs;
  assert.deepEqual(Object.values(outputs).map((o) => Object.keys(o)[0]).sort(), ['base64', 'text', 'text']);
  assert.ok((await verifyExportText('x.json', streamed)).ok);
});

test('100 MB of control bytes export as JSON (no "Invalid string length"), streamed in bounded memory', async () => {
  const root = await tempDir('rb-json-big-');
  const text = '# Big\n\n```bash {#ctl}\nhead -c 100000000 /dev/zero | tr "\\0" "\\1"\n```\n';
  const session = await openNewSession({ sessionsDir: root, runbookPath: join(root, 'b.md'), runbookText: text, variables: {}, secretNames: [], tool: { name: 't', version: '0' } });
  const step = parseRunbook(text).steps[0]!;
  assert.ok(step.kind === 'code');
  await session.onStepStart?.(step, 1);
  const file = session.outputPath('ctl', 1);
  writeFileSync(file, Buffer.alloc(100_000_000, 1));
  await session.onStepEnd?.(step, outcome(step, 'passed', { path: file, ...(await digestOutput(file)) }));
  await session.end('passed');
  // The CLI writes to a pipe we hash as it arrives (600 MB of "\u0001" never sits in this process either).
  const child = spawn(process.execPath, [cliBundle(), 'export', session.dir, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const hash = createHash('sha256');
  let bytes = 0;
  let tail = '';
  let peakKb = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    hash.update(d);
    bytes += d.length;
    tail = (tail + d.toString('latin1')).slice(-64);
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'latin1'));
    if (m) peakKb = Math.max(peakKb, Number(m[1]));
  });
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /Invalid string length/);
  assert.ok(bytes > 600_000_000, `only ${bytes} bytes`);
  assert.match(tail, /}\n$/);
  assert.ok(peakKb > 0 && peakKb < 300 * 1024, `peak RSS ${peakKb} kB`);
});
