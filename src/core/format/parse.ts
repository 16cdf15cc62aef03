// PLACEHOLDER parser (replaced by the format issue): finds fenced bash/sh steps only.
import MarkdownIt from 'markdown-it';
import type { CodeStep, ParseOptions, Runbook } from './model';

const md = new MarkdownIt({ html: false });

export function parseRunbook(text: string, options: ParseOptions = {}): Runbook {
  const tokens = md.parse(text, {});
  const steps: CodeStep[] = [];
  for (const t of tokens) {
    if (t.type !== 'fence' || !t.map) continue;
    const lang = t.info.trim().split(/[\s{]/)[0]?.toLowerCase() ?? '';
    if (!['bash', 'sh'].includes(lang)) continue;
    const line = t.map[0] + 1;
    steps.push({
      kind: 'code', id: `step-${steps.length + 1}`, explicitId: false, lang, runner: lang as 'bash', line, endLine: t.map[1],
      section: [], title: t.content.split('\n')[0] ?? '', attributes: {}, attributeEntries: [], classes: [], code: t.content,
      unterminated: false, expectExit: [0], continueOnError: false, interactive: false,
    });
  }
  return { title: options.fileName ?? 'Untitled runbook', variables: [], steps, diagnostics: [], lineCount: text.split('\n').length };
}
