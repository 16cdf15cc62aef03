// JSON evidence, for machines: the replayed state, every event, and every output in full. It
// carries the raw log too, so `verify` can check the chain and re-render the file byte for byte.
import { exportSeal, type EncodedBytes, type EvidenceInput } from './input';
import { buildModel } from './model';

/** The JSON export's source: like EvidenceInput, with full outputs instead of excerpts. */
export interface JsonInput extends Omit<EvidenceInput, 'excerpts'> {
  readonly outputs: Readonly<Record<string, EncodedBytes>>;
}

export function renderJson(input: JsonInput): string {
  const m = buildModel({ ...input, excerpts: {} });
  const { dir: _dir, ...session } = m.state;
  const doc = {
    kind: 'runbook-evidence',
    format: input.format,
    generator: input.generator,
    exportedAt: input.exportedAt,
    seal: exportSeal(input, m.state.headHash),
    ...(input.live ? { live: true } : {}),
    session,
    steps: m.steps.map((s) => ({
      index: s.index, id: s.id, kind: s.kind, title: s.title, section: s.section, status: s.status, stale: s.stale,
      exitCode: s.end?.exitCode ?? null, durationMs: s.end?.durationMs ?? null, attempts: s.state?.attempts ?? 0,
      reason: s.state?.reason ?? null, notice: s.state?.notice ?? null,
      ...(s.transcript ? { transcript: { ran: s.transcript.run, ranLines: s.transcript.ranLines, expectedOutput: s.transcript.expectedOutput } } : {}),
      output: s.output ? { file: s.output.file, bytes: s.output.bytes, sha256: s.output.sha256 } : null,
      notes: s.notes.map((n) => ({ text: n.text, author: n.author, time: n.time })), checks: s.checks.map((c) => ({ checked: c.checked, author: c.author, time: c.time })),
    })),
    events: m.events,
    log: input.log,
    snapshots: input.snapshots,
    outputs: input.outputs,
    ...(input.signature ? { signature: input.signature } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
