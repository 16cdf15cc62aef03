// Hover on a step's opening fence: status, duration, exit code, the end of the output and the note.
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/executor';
import type { CodeStep } from '../../core/format/model';
import type { RunbookDocuments } from '../runbookDocument';
import type { RunService } from '../run/runService';
import { formatDuration } from '../../core/run/units';
import { editorStatus } from './stepStatus';

const TAIL_LINES = 12;

export function registerStepHover(runs: RunService, documents: RunbookDocuments): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ language: 'markdown' }, {
    async provideHover(document, position) {
      const controller = await runs.known(document.uri);
      if (!controller) return undefined;
      // As the CodeLens reads it: the text as it is now (a waiting edit is parsed), the controller's records.
      const { runbook } = await documents.get(document.uri);
      const step = runbook.steps.find((s): s is CodeStep => s.kind === 'code' && s.line - 1 === position.line);
      if (!step) return undefined;
      const record = controller.records.get(step.id);
      const status = editorStatus(controller, step);
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = false;
      md.appendMarkdown(`**Runbook step \`${step.id.replace(/`/g, '')}\`**: `);
      md.appendText(status.label);
      const facts = [
        record?.durationMs !== undefined && record.status !== 'running' ? `duration ${formatDuration(record.durationMs)}` : '',
        record?.exitCode !== undefined && record.exitCode !== null ? `exit code ${record.exitCode}` : '',
      ].filter(Boolean);
      if (facts.length) md.appendText(` — ${facts.join(', ')}`);
      if (record?.reason) {
        md.appendMarkdown('\n\n');
        md.appendText(record.reason);
      }
      if (record?.outputTail) {
        const lines = stripAnsi(record.outputTail).replace(/\n$/, '').split('\n').slice(-TAIL_LINES);
        md.appendMarkdown('\n\n');
        md.appendCodeblock(lines.join('\n'), 'text');
      }
      if (record?.note) {
        md.appendMarkdown('\n\n**Note:** ');
        md.appendText(record.note);
      }
      return new vscode.Hover(md, new vscode.Range(position.line, 0, position.line, document.lineAt(position.line).text.length));
    },
  });
}
