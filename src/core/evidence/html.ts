// HTML evidence: one self-contained, script-free, printable file. It embeds its EvidenceInput (the
// event log, runbook copies, output excerpts) in a hidden <pre>, so `runbook verify` can re-render
// it and compare: any change to what a reader sees, or to the embedded record, is detected.
import { STATUS, statusLabel, type StepStatus } from '../run/status';
import { formatBytes } from '../run/units';
import type { SessionEvent } from '../session/events';
import { ansiToHtml, escapeHtml, escapeText } from './ansi';
import { EVIDENCE_CSS } from './html-style';
import { decodeBytes, exportSeal, type EvidenceInput } from './input';
import { describeLines } from '../format/transcript';
import { buildModel, durationOrDash, type EvidenceModel, type EvidenceStep, type EvidenceTranscript } from './model';

export const DATA_OPEN = '<pre id="runbook-evidence-data" hidden>';
export const DATA_CLOSE = '</pre>';

/** A step's or a session's glyph (a session status is a step status or `running`). */
export const glyph = (status: string): string => STATUS[status as StepStatus]?.glyph ?? '';

const e = escapeHtml;
const anchor = (id: string) => `step-${id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
const badge = (status: string, big = false) => `<span class="badge${big ? ' big' : ''} s-${e(status)}">${e(glyph(status))} ${e(big ? statusLabel(status as StepStatus) : status)}</span>`;
const time = (iso: string | undefined) => (iso ? e(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC')) : '—');

function metaTable(m: EvidenceModel): string {
  const s = m.start;
  const rows: [string, string][] = [
    ['Runbook', `<span class="mono">${e(s.runbookPath)}</span>`],
    ['Runbook SHA-256', `<span class="hash">${e(s.runbookSha256)}</span>`],
    ['Run by', `${e(s.user)} on <b>${e(s.host)}</b>${s.remoteName ? ` (VS Code remote: ${e(s.remoteName)})` : ''}`],
    ['System', `${e(s.os.platform)} ${e(s.os.release)} (${e(s.os.arch)})`],
    ['Tool', `${e(s.tool.name)} ${e(s.tool.version)}${s.vscodeVersion ? ` · VS Code ${e(s.vscodeVersion)}` : ''}`],
    ['Started', time(m.state.startedAt)],
    ['Ended', m.state.endedAt ? time(m.state.endedAt) : m.input.live ? '<i>not yet: in progress (the session was being written when exported)</i>' : '<i>not ended</i>'],
    ['Duration', durationOrDash(m.durationMs)],
  ];
  const vars = Object.entries(s.variables);
  if (vars.length) rows.push(['Variables', vars.map(([k, v]) => `<span class="mono">${e(k)}=${e(v)}</span>${s.secretNames.includes(k) ? ' <i>(secret)</i>' : ''}`).join('<br>')]);
  for (const r of m.resumes) rows.push(['Resumed', `${time(r.time)} by ${e(r.user)} on ${e(r.host)}${r.staleSteps.length ? ` · changed steps: ${e(r.staleSteps.join(', '))}` : ''}`]);
  rows.push(['Session', `<span class="mono">${e(s.id)}</span> · ${m.state.eventCount} events`]);
  rows.push(['Chain head SHA-256', `<span class="hash">${e(m.state.headHash)}</span>`]);
  rows.push(['Signature', m.input.signature ? 'SSH signature embedded (namespace <span class="mono">runbook</span>)' : 'not signed']);
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function outputBlock(m: EvidenceModel, st: EvidenceStep): string {
  const o = st.output;
  if (!o) return '';
  if (o.bytes === 0 || !o.file) return '<div class="label">Output</div><div class="outmeta">No output.</div>';
  const ex = m.input.excerpts[o.file];
  if (!ex) return `<div class="label">Output</div><div class="outmeta">Output file missing from the export input.</div>`;
  const head = decodeBytes(ex.head);
  const tail = decodeBytes(ex.tail);
  const whole = o.bytes === head.length + tail.length;
  const body = whole
    ? ansiToHtml(Buffer.concat([head, tail]).toString('utf8'))
    : `${ansiToHtml(head.toString('utf8'))}<span class="cut">⋯ ${formatBytes(o.bytes - head.length - tail.length)} not shown ⋯</span>${ansiToHtml(tail.toString('utf8'))}`;
  const meta = `${whole ? 'Complete output' : `First ${formatBytes(head.length)} and last ${formatBytes(tail.length)} of ${formatBytes(o.bytes)}`} · ${o.bytes.toLocaleString('en-US')} bytes · <span class="mono">${e(o.file)}</span> · SHA-256 <span class="hash">${e(o.sha256)}</span>`;
  return `<div class="label">Output</div><pre class="out">${body}</pre><div class="outmeta">${meta}</div>`;
}

/** A transcript: exactly what ran (the commands, by runbook line) and the sample output, which never ran. */
function transcriptBlock(t: EvidenceTranscript): string {
  const ran = `<div class="label">Ran (transcript: runbook ${e(describeLines(t.ranLines))}, prompts removed)</div><pre class="code">${e(t.run)}</pre>`;
  return t.expectedOutput ? `${ran}<div class="label">Expected output (from the runbook; not run)</div><pre class="expected">${e(t.expectedOutput)}</pre>` : ran;
}

function stepBlock(m: EvidenceModel, st: EvidenceStep): string {
  const s = st.state;
  const facts: string[] = [];
  if (st.kind === 'code') {
    facts.push(`exit code <b>${st.end?.exitCode ?? '—'}</b>${st.end?.signal ? ` (${e(st.end.signal)})` : ''}`);
    facts.push(`duration <b>${durationOrDash(st.end?.durationMs)}</b>`);
    if (s && s.attempts > 1) facts.push(`attempts <b>${s.attempts}</b>`);
    if (st.end) facts.push(`${time(st.end.startedAt)} → ${time(st.end.endedAt)}`);
  }
  if (st.line) facts.push(`runbook line ${st.line}`);
  if (st.section.length) facts.push(e(st.section.join(' › ')));
  const parts = [
    `<section class="step s-${e(st.status)}" id="${anchor(st.id)}">`,
    `<h3><span class="num">${st.index}.</span> ${e(st.title || st.id)} ${badge(st.status)}</h3>`,
    `<div class="facts"><span class="mono">${e(st.id)}</span>${facts.map((f) => `<span>${f}</span>`).join('')}</div>`,
  ];
  if (!st.inRunbook) parts.push('<div class="stale">This step is recorded in the session but is not in the runbook copy.</div>');
  if (st.stale) parts.push('<div class="stale">Stale: the runbook changed after this step ran; the code shown is the code that ran when a copy of it is available.</div>');
  for (const n of st.interruptedAttempts) parts.push(`<div class="reason">Attempt ${n} interrupted (process died): it started, and the process writing the session stopped before it ended.</div>`);
  if (s?.reason) parts.push(`<div class="reason">${e(s.reason)}</div>`);
  if (st.code !== undefined) parts.push(st.kind === 'code' ? `<div class="label">Code${st.lang ? ` (${e(st.lang)})` : ''}</div><pre class="code">${e(st.code)}</pre>` : `<div class="label">Manual check</div><div class="check">${e(st.code)}</div>`);
  if (st.transcript) parts.push(transcriptBlock(st.transcript));
  if (st.state?.notice) parts.push(`<div class="notice">ⓘ ${e(st.state.notice)}</div>`);
  for (const c of st.checks) parts.push(`<div class="check">${c.checked ? '☑ Ticked' : '☐ Unticked'}${c.decision ? ` (${e(c.decision)})` : ''} by ${e(c.author)} at ${time(c.time)}</div>`);
  parts.push(outputBlock(m, st));
  const final = st.noteRevisions.at(-1);
  if (final) parts.push(`<div class="note">${e(final.text)}<span class="who">Note by ${e(final.author)} · ${time(final.time)}</span></div>`);
  const earlier = st.noteRevisions.slice(0, -1);
  if (earlier.length) {
    const items = earlier.map((n) => `<div class="note">${e(n.text)}<span class="who">Earlier version by ${e(n.author)} · ${time(n.time)}</span></div>`).join('');
    parts.push(`<details class="note-history"><summary>${earlier.length} earlier ${earlier.length === 1 ? 'version' : 'versions'} of the note</summary>${items}</details>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

function eventSummary(m: EvidenceModel, ev: SessionEvent): string {
  switch (ev.type) {
    case 'session-start': return `started by ${ev.user} on ${ev.host}`;
    case 'step-start': return `attempt ${ev.attempt}`;
    case 'output': return `${ev.bytes} bytes · ${ev.sha256.slice(0, 16)}…`;
    case 'step-end': return `${ev.status}${ev.exitCode !== null ? ` · exit ${ev.exitCode}` : ''}`;
    case 'note': return `note by ${ev.author}`;
    case 'check': return `${ev.checked ? 'ticked' : 'unticked'} by ${ev.author}`;
    case 'step-skipped': return ev.reason ?? 'skipped';
    case 'session-resumed': {
      const cut = m.cutOff.get(ev.seq) ?? [];
      return `resumed by ${ev.user} on ${ev.host}${cut.length ? ` · interrupted (process died): ${cut.map((c) => `${c.stepId} attempt ${c.attempt}`).join(', ')}` : ''}`;
    }
    case 'session-end': return ev.status;
  }
}

/** The embedded record in a fixed key order, whatever order the input object has. */
function embedded(input: EvidenceInput): string {
  const { format, generator, exportedAt, log, snapshots, excerpts, signature, live } = input;
  return JSON.stringify({ format, generator, exportedAt, log, snapshots, excerpts, ...(signature !== undefined ? { signature } : {}), ...(live ? { live } : {}) });
}

export function renderHtml(input: EvidenceInput): string {
  const m = buildModel(input);
  const status = m.state.status;
  const toc = m.steps.map((st) => `<li><span class="icon s-${e(st.status)}">${e(glyph(st.status))}</span><a href="#${anchor(st.id)}">${st.index}. ${e(st.title || st.id)}</a></li>`).join('');
  const counts = Object.entries(m.counts).map(([k, n]) => `<span class="s-${e(k)}">${e(glyph(k))} ${n} ${e(k)}</span>`).join('');
  const log = m.events.map((ev) => `<tr><td>${ev.seq}</td><td>${time(ev.time)}</td><td>${e(ev.type)}</td><td class="mono">${e('stepId' in ev ? ev.stepId : '')}</td><td>${e(eventSummary(m, ev))}</td><td class="hash">${e(ev.hash.slice(0, 16))}…</td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(input.generator)}">
<title>${e(m.start.title)} — run evidence</title>
<style>${EVIDENCE_CSS}</style>
</head>
<body>
<main>
<div class="kicker">Runbook evidence</div>
<div class="headline"><div><h1>${e(m.start.title)}</h1><div class="outmeta">${time(m.state.startedAt)} · ${e(m.start.user)}@${e(m.start.host)} · ${durationOrDash(m.durationMs)}</div></div>${badge(status, true)}</div>
${metaTable(m)}
<div class="counts">${counts}</div>
<h2>Steps</h2>
<nav><ol>${toc}</ol></nav>
<h2>Record</h2>
${m.steps.map((st) => stepBlock(m, st)).join('\n')}
<h2>Event log</h2>
<table class="log"><thead><tr><th>#</th><th>Time</th><th>Event</th><th>Step</th><th>Detail</th><th>Hash</th></tr></thead><tbody>
${log}
</tbody></table>
<footer>Exported ${time(input.exportedAt)} by ${e(input.generator)}. This file embeds the session's hash-chained event log, the runbook copy and the output excerpts shown; check it with <span class="mono">runbook verify &lt;this file&gt;</span>${input.signature ? ' (add <span class="mono">--allowed-signers FILE</span> to check the signature)' : ''}. Full outputs are in the session directory and the JSON export.<br>Export seal <span class="hash">${exportSeal(input, m.state.headHash)}</span>${input.signature ? `<pre class="sig">${e(input.signature)}</pre>` : ''}</footer>
</main>
${DATA_OPEN}${escapeText(embedded(input))}${DATA_CLOSE}
</body>
</html>
`;
}
