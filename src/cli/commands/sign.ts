// Placeholder until this command lands (owned by the issue that builds it).
import type { CliCommand } from '../io';

export const signCommand: CliCommand = async (_argv, io) => {
  io.stderr.write('runbook sign: not available in this build yet\n');
  return 2;
};
