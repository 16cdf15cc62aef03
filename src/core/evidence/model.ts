// The evidence model: the session replayed and laid over the runbook copy, in runbook order.
// Pure: built from an EvidenceInput only, so a verifier can rebuild exactly what was exported.
import type { StepStatus } from '../executor/types';
import { parseRunbook } from '../format/parse';
import { ranLines } from '../format/transcript';
import type { SessionState, SessionStepState } from '../session/api';
import { isStale, ranWith } from '../run/codeHash';
import { parseLog } from '../session/chain';
import type { CheckEvent, NoteEvent, OutputEvent, SessionEvent, SessionResumedEvent, SessionStartEvent, StepEndEvent } from '../session/events';
import { replay } from '../session/replay';
import { formatDuration } from '../run/units';
import type { EvidenceInput } from './input';
import { noteRevisions, runMarks } from './noteRevisions';

export interface EvidenceStep {
  readonly index: number;
  readonly id: string;
  readonly kind: 'code' | 'check';
  readonly title: string;
  readonly section: readonly string[];
  readonly line?: number;
  readonly lang?: string;
  readonly code?: string;
  /** A transcript step: what ran (its commands, with their runbook lines) and the sample output, never run. */
  readonly transcript?: EvidenceTranscript;
  readonly status: StepStatus;
  readonly state?: SessionStepState;
  /** Ran with code that differs from the runbook copy shown (the code shown is what ran, when known). */
  readonly stale: boolean;
  readonly end?: StepEndEvent;
  readonly output?: OutputEvent;
  readonly notes: readonly NoteEvent[];
  /** The revisions an auditor sees (./noteRevisions.ts); the last is the final text. */
  readonly noteRevisions: readonly NoteEvent[];
  readonly checks: readonly CheckEvent[];
  /** False for steps recorded in the log but absent from the runbook copy. */
  readonly inRunbook: boolean;
  /** Attempts cut off because the process writing the session died (started, never ended). */
  readonly interruptedAttempts: readonly number[];
}

export interface EvidenceTranscript {
  readonly run: string;
  /** 1-based runbook lines of the commands (with continuations and here-document bodies). */
  readonly ranLines: readonly number[];
  readonly expectedOutput: string;
}

export interface EvidenceModel {
  readonly input: EvidenceInput;
  readonly start: SessionStartEvent;
  readonly state: SessionState;
  readonly events: readonly SessionEvent[];
  readonly steps: readonly EvidenceStep[];
  readonly runbookText: string;
  readonly resumes: readonly SessionResumedEvent[];
  readonly counts: Readonly<Partial<Record<StepStatus, number>>>;
  readonly durationMs?: number;
  /** Per session-resumed event (by seq): the `step:attempt`s the previous writer left unfinished. */
  readonly cutOff: ReadonlyMap<number, readonly { stepId: string; attempt: number }[]>;
}

/** Attempts that started and never ended, per resume (and at the end when the writer is gone). */
function cutOffAttempts(events: readonly SessionEvent[], live: boolean) {
  const open = new Map<string, number>();
  const byResume = new Map<number, { stepId: string; attempt: number }[]>();
  const byStep = new Map<string, number[]>();
  const close = (key: number) => {
    const list = [...open].map(([stepId, attempt]) => ({ stepId, attempt }));
    byResume.set(key, list);
    for (const { stepId, attempt } of list) {
      const known = byStep.get(stepId);
      if (known) known.push(attempt);
      else byStep.set(stepId, [attempt]);
    }
    open.clear();
  };
  for (const ev of events) {
    if (ev.type === 'step-start') open.set(ev.stepId, ev.attempt);
    else if (ev.type === 'step-end') open.delete(ev.stepId);
    else if (ev.type === 'session-resumed') close(ev.seq);
    else if (ev.type === 'session-end') open.clear();
  }
  if (!live) close(-1);
  byResume.delete(-1);
  return { byResume, byStep };
}

export function buildModel(input: EvidenceInput, label = 'session'): EvidenceModel {
  const parsed = parseLog(input.log, `${label}/events.jsonl`);
  const state = replay(parsed, label, input.live === true);
  const events = parsed.events;
  const start = events[0] as SessionStartEvent;
  const latest = state.snapshots.at(-1)!;
  const runbookText = input.snapshots[latest.file] ?? '';
  const runbooks = state.snapshots.map((s) => parseRunbook(input.snapshots[s.file] ?? '', { fileName: start.runbookPath }));
  const current = runbooks.at(-1)!;
  // Maps, not searches: everything below is linear in steps and events (40k steps export in seconds).
  const by = <T extends { stepId: string }>(list: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const e of list) {
      const known = map.get(e.stepId);
      if (known) known.push(e);
      else map.set(e.stepId, [e]);
    }
    return map;
  };
  const byId = (rb: (typeof runbooks)[number]) => {
    const map = new Map<string, (typeof rb.steps)[number]>();
    for (const x of rb.steps) if (!map.has(x.id)) map.set(x.id, x); // the first of duplicates, as find() did
    return map;
  };
  const currentById = byId(current);
  const olderById = runbooks.length > 1 ? runbooks.map(byId) : [currentById];
  const notes = by(events.filter((e): e is NoteEvent => e.type === 'note'));
  const checks = by(events.filter((e): e is CheckEvent => e.type === 'check'));
  const outputs = by(events.filter((e): e is OutputEvent => e.type === 'output'));
  const ends = by(events.filter((e): e is StepEndEvent => e.type === 'step-end'));
  const ended = state.endedAt !== undefined;
  const cut = cutOffAttempts(events, input.live === true);
  const marks = runMarks(events);

  const make = (index: number, id: string, inRunbook: boolean): EvidenceStep => {
    const s = state.steps[id];
    const step = currentById.get(id);
    let code = step?.kind === 'code' ? step.code : undefined;
    let shown = step?.kind === 'code' ? step : undefined;
    const stale = code !== undefined && isStale(s, code);
    if (stale) {
      // Show the code that actually ran when an earlier copy of the runbook has it.
      for (const rb of olderById) {
        const old = rb.get(id);
        if (old?.kind === 'code' && ranWith(s, old.code)) {
          code = old.code;
          shown = old;
        }
      }
    }
    const t = shown?.transcript;
    const transcript = t && shown?.run !== undefined
      ? { run: shown.run, ranLines: ranLines(t.lines), expectedOutput: t.expectedOutput }
      : undefined;
    const last = s && s.attempts > 0 ? (outputs.get(id) ?? []).filter((o) => o.attempt === s.attempts).at(-1) : undefined;
    const status: StepStatus = s ? s.status : ended ? 'not-run' : 'pending';
    return {
      index, id, kind: step?.kind ?? 'code', title: step?.title ?? id, section: step?.section ?? [], line: step?.line,
      lang: step?.kind === 'code' ? step.lang : undefined, code: step?.kind === 'check' ? step.text : code, ...(transcript ? { transcript } : {}),
      status, state: s, stale, end: ends.get(id)?.at(-1), output: last, notes: notes.get(id) ?? [], noteRevisions: noteRevisions(notes.get(id) ?? [], events, marks), checks: checks.get(id) ?? [], inRunbook,
      interruptedAttempts: cut.byStep.get(id) ?? [],
    };
  };
  const steps: EvidenceStep[] = current.steps.map((st, i) => make(i + 1, st.id, true));
  for (const id of Object.keys(state.steps)) if (!currentById.has(id)) steps.push(make(steps.length + 1, id, false));
  const counts: Partial<Record<StepStatus, number>> = {};
  for (const st of steps) counts[st.status] = (counts[st.status] ?? 0) + 1;
  const durationMs = state.endedAt ? Date.parse(state.endedAt) - Date.parse(state.startedAt) : undefined;
  return {
    input, start, state, events, steps, runbookText, counts, cutOff: cut.byResume,
    resumes: events.filter((e): e is SessionResumedEvent => e.type === 'session-resumed'),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

/** A duration, or a dash when there is none. */
export const durationOrDash = (ms: number | undefined): string => (ms === undefined ? '—' : formatDuration(ms));
