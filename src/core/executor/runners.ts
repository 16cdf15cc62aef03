// Maps a step to the command that runs it: interpreter, arguments, script file. Steps in a POSIX
// shell (bash, sh, zsh, dash, ksh, …: STATE_SHELLS) go through the state wrapper (shellState.ts);
// other shells (fish, csh, …), pwsh, cmd, python and node get the current env and cwd but carry
// nothing back.
import type { CodeStep, Runbook } from '../format/model';
import { shellProgram, STATE_SHELLS } from '../format/languages';
import { findExecutable } from './which';
import { wrapperProgram } from './shellState';

export interface StepCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** Script file the executor writes the step's code to before spawning. */
  readonly scriptPath: string;
  readonly scriptText: string;
  /** Set for shell steps: where the wrapper dumps the state. */
  readonly statePath?: string;
  /** Extra environment for this interpreter (e.g. ELECTRON_RUN_AS_NODE). */
  readonly extraEnv: Readonly<Record<string, string>>;
  /** What people call the interpreter: "bash", "python3", "pwsh". */
  readonly label: string;
}

export type CommandPlan = { readonly ok: true; readonly command: StepCommand } | { readonly ok: false; readonly reason: string };

/**
 * The shell a shell step runs with: the step's `shell`, else its runner. The parser resolved a
 * `shell` fence against the front matter's `shell` (an `other-shell` runner without its own
 * `shell=` came from there); an explicit bash/sh/zsh fence runs as written (docs/format.md).
 */
export function shellFor(step: CodeStep, runbook?: Runbook): string {
  if (step.shell) return step.shell;
  return step.runner === 'other-shell' ? (runbook?.shell ?? 'sh') : step.runner;
}

export function planCommand(
  step: CodeStep,
  runbook: Runbook,
  scratchBase: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): CommandPlan {
  const find = (name: string) => findExecutable(name, env, platform);
  // A transcript runs its prompted commands only; any other step runs its code as written.
  const script = step.run ?? step.code;
  const missing = (name: string): CommandPlan => ({ ok: false, reason: `${name} is not installed on this host` });
  switch (step.runner) {
    case 'bash':
    case 'sh':
    case 'zsh':
    case 'other-shell': {
      const shell = shellFor(step, runbook);
      const name = shellProgram(shell);
      const file = find(shell);
      if (!file) return missing(shell);
      const scriptPath = `${scratchBase}.sh`;
      // POSIX shells run inside the state wrapper (env and cwd carry over); others run the script as is.
      if (!STATE_SHELLS.has(name)) {
        return { ok: true, command: { file, args: [scriptPath], scriptPath, scriptText: step.code, extraEnv: {}, label: name } };
      }
      const statePath = `${scratchBase}.state`;
      return {
        ok: true,
        command: {
          file,
          args: ['-c', wrapperProgram(name), name, statePath, scriptPath],
          scriptPath,
          scriptText: script,
          statePath,
          extraEnv: {},
          label: name,
        },
      };
    }
    case 'pwsh': {
      const names = platform === 'win32' ? ['pwsh', 'powershell'] : ['pwsh'];
      const file = names.map(find).find(Boolean);
      if (!file) return missing('pwsh');
      const scriptPath = `${scratchBase}.ps1`;
      return {
        ok: true,
        command: { file, args: ['-NoProfile', '-NonInteractive', '-File', scriptPath], scriptPath, scriptText: script, extraEnv: {}, label: 'pwsh' },
      };
    }
    case 'cmd': {
      if (platform !== 'win32') return { ok: false, reason: 'cmd steps run only on Windows (add when=windows to skip them elsewhere)' };
      const file = find('cmd');
      if (!file) return missing('cmd');
      const scriptPath = `${scratchBase}.cmd`;
      return {
        ok: true,
        command: { file, args: ['/d', '/s', '/c', scriptPath], scriptPath, scriptText: script.replace(/\n/g, '\r\n'), extraEnv: {}, label: 'cmd' },
      };
    }
    case 'python': {
      const name = platform === 'win32' ? 'python' : 'python3';
      const file = find(name);
      if (!file) return missing(name);
      const scriptPath = `${scratchBase}.py`;
      return { ok: true, command: { file, args: [scriptPath], scriptPath, scriptText: script, extraEnv: {}, label: name } };
    }
    case 'node': {
      // The Node.js running the executor; inside VS Code that binary is Electron in Node mode.
      const scriptPath = `${scratchBase}.js`;
      const extraEnv: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
      return { ok: true, command: { file: process.execPath, args: [scriptPath], scriptPath, scriptText: script, extraEnv, label: 'node' } };
    }
  }
}
