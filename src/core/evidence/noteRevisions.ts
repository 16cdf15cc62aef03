// Which revisions of a note an auditor sees. The log keeps every revision the panel sent (one per
// pause in typing); the evidence shows the final text, and as earlier revisions only those that
// stood on their own: followed by a run (a step started or ended before the next revision) or
// left for more than a minute. Drafts typed in one sitting fold into the revision that ended it.
import type { NoteEvent, SessionEvent } from '../session/events';

/** A revision replaced sooner than this, with no run in between, was a draft. */
export const DISTINCT_AFTER_MS = 60_000;

/** The sequence numbers of step starts and ends, ascending: compute once per session, not per note. */
export function runMarks(events: readonly SessionEvent[]): number[] {
  return events.filter((e) => e.type === 'step-start' || e.type === 'step-end').map((e) => e.seq);
}

/** The revisions to show, oldest first; the last is the note's final text. */
export function noteRevisions(notes: readonly NoteEvent[], events: readonly SessionEvent[], runs: readonly number[] = runMarks(events)): NoteEvent[] {
  // Is there a run mark strictly between a and b? The first mark after a (binary search) decides.
  const ranBetween = (a: NoteEvent, b: NoteEvent) => {
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]! <= a.seq) lo = mid + 1;
      else hi = mid;
    }
    return lo < runs.length && runs[lo]! < b.seq;
  };
  return notes.filter((note, i) => {
    const next = notes[i + 1];
    if (!next) return true;
    return ranBetween(note, next) || Date.parse(next.time) - Date.parse(note.time) > DISTINCT_AFTER_MS;
  });
}
