// Placeholder until this command lands (owned by the issue that builds it).
import type { CliCommand } from '../io';

export const parseCommand: CliCommand = async (_argv, io) => {
  io.stderr.write('runbook parse: not available in this build yet\n');
  return 2;
};
