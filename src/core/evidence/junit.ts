// JUnit XML: each step a test case, so CI systems can show a run like a test report.
import Anser from 'anser';
import { decodeBytes, type EvidenceInput } from './input';
import { buildModel, statusLabel, type EvidenceStep, type EvidenceModel } from './model';

// XML 1.0 forbids most control characters even when escaped.
const xml = (text: string) =>
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); // eslint-disable-line no-control-regex

function output(m: EvidenceModel, st: EvidenceStep): string {
  const o = st.output;
  const ex = o?.file ? m.input.excerpts[o.file] : undefined;
  if (!o || !ex || o.bytes === 0) return '';
  const headBuf = decodeBytes(ex.head);
  const tailBuf = decodeBytes(ex.tail);
  const head = headBuf.toString('utf8');
  const tail = tailBuf.toString('utf8');
  const text = o.bytes === headBuf.length + tailBuf.length ? head + tail : `${head}\n… (${o.bytes} bytes in all, SHA-256 ${o.sha256}) …\n${tail}`;
  return `<system-out>${xml(Anser.ansiToText(text))}</system-out>`;
}

export function renderJunit(input: EvidenceInput): string {
  const m = buildModel(input);
  const failed = m.steps.filter((s) => s.status === 'failed' || s.status === 'timed-out').length;
  const errors = m.steps.filter((s) => s.status === 'interrupted' || s.status === 'cancelled' || s.status === 'blocked').length;
  const skipped = m.steps.filter((s) => s.status === 'skipped' || s.status === 'not-run' || s.status === 'pending').length;
  const seconds = ((m.durationMs ?? 0) / 1000).toFixed(3);
  const cases = m.steps.map((st) => {
    const t = ((st.end?.durationMs ?? 0) / 1000).toFixed(3);
    const reason = st.state?.reason ?? st.status;
    let inner = '';
    if (st.status === 'failed' || st.status === 'timed-out') inner = `<failure message="${xml(reason)}" type="${st.status}">exit code ${st.end?.exitCode ?? 'none'}</failure>`;
    else if (st.status === 'interrupted' || st.status === 'cancelled' || st.status === 'blocked') inner = `<error message="${xml(reason)}" type="${st.status}"/>`;
    else if (st.status === 'running') inner = '<skipped message="still running when exported"/>';
    else if (st.status === 'skipped' || st.status === 'not-run' || st.status === 'pending') inner = `<skipped message="${xml(reason)}"/>`;
    const classname = xml([m.start.title, ...st.section].join('.'));
    return `    <testcase name="${xml(`${st.index}. ${st.title || st.id}`)}" classname="${classname}" time="${t}">${inner}${output(m, st)}</testcase>`;
  });
  const props = [['session', m.start.id], ['status', statusLabel(m.state.status)], ['user', m.start.user], ['runbook', m.start.runbookPath], ['runbookSha256', m.state.runbookSha256], ['chainHead', m.state.headHash]]
    .map(([k, v]) => `      <property name="${k}" value="${xml(v!)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${xml(m.start.title)}" tests="${m.steps.length}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds}">
  <testsuite name="${xml(m.start.title)}" tests="${m.steps.length}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds}" timestamp="${m.state.startedAt}" hostname="${xml(m.start.host)}">
    <properties>
${props}
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
