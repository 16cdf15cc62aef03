// Placeholder until this command lands (owned by the issue that builds it).
import type { CliCommand } from '../io';

export const verifyCommand: CliCommand = async (_argv, io) => {
  io.stderr.write('runbook verify: not available in this build yet\n');
  return 2;
};
