// PLACEHOLDER (replaced by the sessions issue): the functions below are the contract.
import type { OpenNewSession, ReadSessionState, ResumeSession } from './api';

const notYet = (): never => {
  throw new Error('sessions are not available in this build yet');
};

export const openNewSession: OpenNewSession = async () => notYet();
export const resumeSession: ResumeSession = async () => notYet();
export const readSessionState: ReadSessionState = async () => notYet();
