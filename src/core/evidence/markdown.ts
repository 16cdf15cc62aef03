// Markdown evidence: the runbook copy with each step's outcome, output excerpt and notes inserted
// right after it (the shape Runme session outputs have), plus a summary at the top.
import Anser from 'anser';
import { parseRunbook } from '../format/parse';
import { decodeBytes, type EvidenceInput } from './input';
import { statusLabel, type StepStatus } from '../run/status';
import { formatBytes } from '../run/units';
import { glyph } from './html';
import { buildModel, durationOrDash, type EvidenceModel, type EvidenceStep } from './model';
import { describeLines } from '../format/transcript';
import { sanitiseTerminal } from '../text/terminal';

// Output loses its colours here; escape sequences that drive a terminal (OSC 52 clipboard, OSC 8,
// clears, cursor moves, titles) are removed before, and the whole document is sanitised again at
// the end (reasons, notes, names), so `cat evidence.md` cannot drive the reader's terminal.
const plain = (text: string) => Anser.ansiToText(sanitiseTerminal(text)).replace(/\r\n/g, '\n');

/** A fence longer than any backtick run inside `text`. */
function fence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${f}`;
}

const inline = (text: string) => text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' ');

function outcome(m: EvidenceModel, st: EvidenceStep): string {
  const bits = [`**${glyph(st.status)} ${st.status}**`];
  if (st.kind === 'code' && st.end) bits.push(`exit code ${st.end.exitCode ?? '—'}`, durationOrDash(st.end.durationMs));
  if (st.state && st.state.attempts > 1) bits.push(`${st.state.attempts} attempts`);
  if (st.stale) bits.push('stale (runbook changed after it ran)');
  const lines = [`> **Outcome:** ${bits.join(' · ')}`];
  if (st.state?.reason) lines.push('>', `> ${inline(st.state.reason)}`);
  // The block above is a transcript: say exactly which of its lines ran (its sample output did not).
  if (st.transcript) lines.push('>', `> Transcript: ran runbook ${describeLines(st.transcript.ranLines)} without their prompts; the sample output in the block was not run.`);
  if (st.state?.notice) lines.push('>', `> ⓘ ${inline(st.state.notice)}`);
  for (const c of st.checks) lines.push('>', `> ${c.checked ? '☑ ticked' : '☐ unticked'} by ${inline(c.author)} at ${c.time}`);
  let out = lines.join('\n');
  const o = st.output;
  const ex = o?.file ? m.input.excerpts[o.file] : undefined;
  if (o && ex && o.bytes > 0) {
    const head = decodeBytes(ex.head);
    const tail = decodeBytes(ex.tail);
    const whole = o.bytes === head.length + tail.length;
    const text = whole ? plain(Buffer.concat([head, tail]).toString('utf8')) : `${plain(head.toString('utf8'))}\n… ${formatBytes(o.bytes - head.length - tail.length)} not shown …\n${plain(tail.toString('utf8'))}`;
    out += `\n\n${fence(text, 'text')}\n\n<sub>Output: ${o.bytes} bytes, SHA-256 \`${o.sha256}\`${whole ? '' : ', head and tail shown'}</sub>`;
  }
  const final = st.noteRevisions.at(-1);
  if (final) out += `\n\n> **Note** (${inline(final.author)}, ${final.time}): ${inline(final.text)}`;
  for (const n of st.noteRevisions.slice(0, -1).reverse()) out += `\n>\n> *Earlier version* (${inline(n.author)}, ${n.time}): ${inline(n.text)}`;
  return out;
}

export function renderMarkdown(input: EvidenceInput): string {
  const m = buildModel(input);
  const lines = m.runbookText.replace(/\r\n/g, '\n').split('\n');
  const runbook = parseRunbook(m.runbookText, { fileName: m.start.runbookPath });
  const inserts = new Map<number, string>();
  for (const step of runbook.steps) {
    const st = m.steps.find((s) => s.id === step.id);
    if (st) inserts.set(step.kind === 'code' ? step.endLine : step.line, outcome(m, st));
  }
  const s = m.state;
  const summary = [
    `> **Run evidence** · **${glyph(s.status)} ${statusLabel(s.status as StepStatus)}** · ${s.startedAt} · ${inline(m.start.user)}@${inline(m.start.host)} · ${durationOrDash(m.durationMs)}`,
    `> Session \`${m.start.id}\` · runbook SHA-256 \`${s.runbookSha256}\` · chain head \`${s.headHash}\``,
    `> ${Object.entries(m.counts).map(([k, n]) => `${n} ${k}`).join(' · ')}`,
  ].join('\n');
  const out: string[] = [];
  const afterFrontMatter = runbook.frontMatter?.endLine ?? 0;
  if (afterFrontMatter === 0) out.push(summary, '');
  lines.forEach((line, i) => {
    out.push(line);
    if (i + 1 === afterFrontMatter) out.push('', summary);
    const insert = inserts.get(i + 1);
    if (insert) out.push('', insert, '');
  });
  const extra = m.steps.filter((st) => !st.inRunbook);
  if (extra.length) {
    out.push('', '## Steps recorded but not in this runbook copy', '');
    for (const st of extra) out.push(`### ${inline(st.id)}`, '', outcome(m, st), '');
  }
  return sanitiseTerminal(`${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
}
