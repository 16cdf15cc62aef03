// Sessions: an append-only, hash-chained, fsync'd record of each run (see docs/sessions.md).
import type { ListSessions, OpenNewSession, ReadSessionState, ResumeSession } from './api';
import { listSessions as list } from './list';
import { readSessionState as read } from './replay';
import { openNewSession as open, resumeSession as resume } from './session';

export const openNewSession: OpenNewSession = open;
export const resumeSession: ResumeSession = resume;
export const readSessionState: ReadSessionState = read;
export const listSessions: ListSessions = list;
export { SessionLogError } from './chain';
export { SessionLockedError } from './lock';
export { TamperedSessionError } from './safe-fs';
export { SECRET_MASK } from './mask';
export type * from './api';
