// Quick fixes for `mixed-transcript`: a shell block with prompt lines that cannot be split safely
// into commands and sample output. Either remove the prompts (every line then runs as a script)
// or mark the block as documentation (`norun`).
import type { TextEdit } from 'vscode-languageserver-types';
import { promptStyleFor } from '../format/transcript';
import { PROMPT_RULES } from '../format/transcriptShell';
import type { RunbookDocument } from './document';

/** Edits removing the primary prompt from every line of the step's block that has one. */
export function stripPromptEdits(doc: RunbookDocument, fenceLine: number): TextEdit[] {
  const step = doc.runbook.steps.find((s) => s.kind === 'code' && s.line === fenceLine);
  if (step?.kind !== 'code') return [];
  const style = promptStyleFor(step.runner);
  if (!style) return [];
  const prompt = PROMPT_RULES[style].prompt;
  const edits: TextEdit[] = [];
  step.code.replace(/\n$/, '').split('\n').forEach((content, i) => {
    const line = step.line + i; // 0-based: the fence is on 1-based line step.line
    const source = doc.lines[line] ?? '';
    const m = prompt.exec(content);
    // The parser's line is the source line without its container prefix (list indent, `> `).
    if (!m || !source.endsWith(content)) return;
    const at = source.length - content.length + (line === 0 ? doc.bomOffset : 0);
    edits.push({ range: { start: { line, character: at }, end: { line, character: at + m[0].length } }, newText: '' });
  });
  return edits;
}

/** An edit adding `norun` to the fence's info string, or undefined for JSON attributes. */
export function norunEdit(doc: RunbookDocument, fenceLine: number): TextEdit | undefined {
  const fence = doc.fenceAtLine(fenceLine - 1);
  if (!fence) return undefined;
  const text = doc.lines[fence.openLine]!;
  if (fence.braces) {
    if (fence.braces.close === undefined || /^\{\s*"/.test(text.slice(fence.braces.open))) return undefined;
    const at = fence.braces.close - 1;
    return { range: { start: { line: fence.openLine, character: at }, end: { line: fence.openLine, character: at } }, newText: ' norun' };
  }
  const end = text.trimEnd().length;
  return { range: { start: { line: fence.openLine, character: end }, end: { line: fence.openLine, character: end } }, newText: ' norun' };
}
