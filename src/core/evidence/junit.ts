// JUnit XML: each step a test case, so CI systems can show a run like a test report.
import Anser from 'anser';
import { decodeBytes, type EvidenceInput } from './input';
import { STATUS, statusLabel, type StepStatus } from '../run/status';
import { buildModel, type EvidenceStep, type EvidenceModel } from './model';

/** How JUnit classifies a step: a failure (it ran and failed), an error (it could not finish) or skipped. */
function junitKind(status: StepStatus): 'failure' | 'error' | 'skipped' | 'running' | 'passed' {
  if (status === 'running') return 'running';
  const { result } = STATUS[status];
  if (result === 'failed') return 'failure';
  if (result === 'blocked' || result === 'cancelled') return 'error';
  return result === 'passed' ? 'passed' : 'skipped';
}

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
  const count = (kind: ReturnType<typeof junitKind>) => m.steps.filter((s) => junitKind(s.status) === kind).length;
  const [failed, errors, skipped] = [count('failure'), count('error'), count('skipped')];
  const seconds = ((m.durationMs ?? 0) / 1000).toFixed(3);
  const cases = m.steps.map((st) => {
    const t = ((st.end?.durationMs ?? 0) / 1000).toFixed(3);
    const reason = st.state?.reason ?? st.status;
    const inner = {
      failure: `<failure message="${xml(reason)}" type="${st.status}">exit code ${st.end?.exitCode ?? 'none'}</failure>`,
      error: `<error message="${xml(reason)}" type="${st.status}"/>`,
      running: '<skipped message="still running when exported"/>',
      skipped: `<skipped message="${xml(reason)}"/>`,
      passed: '',
    }[junitKind(st.status)];
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
