// Which documents the language service answers for (completion, hover, symbols): those with an
// executable step fence or runbook front matter. Which files are runbooks for the editor and for
// diagnostics is decided by src/core/format/isRunbook.ts.
import { LANGUAGE_RUNNERS } from '../format/languages';
import { RUNBOOK_DECLARING_KEYS as RUNBOOK_FRONT_MATTER_KEYS } from '../format/frontMatterKeys';
import type { Runbook } from '../format/model';

const FENCE = new RegExp(`^[ \\t>*+\\-\\d.)]*(?:\`{3,}|~{3,})[ \\t]*(?:${Object.keys(LANGUAGE_RUNNERS).join('|')})(?=[\\s{]|$)`, 'im');
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export function looksLikeRunbook(text: string): boolean {
  if (FENCE.test(text)) return true;
  const fm = FRONT_MATTER.exec(text);
  return !!fm && RUNBOOK_FRONT_MATTER_KEYS.some((k) => new RegExp(`^${k}[ \\t]*:`, 'm').test(fm[1]!));
}

export function isRunbook(runbook: Runbook): boolean {
  if (runbook.steps.some((s) => s.kind === 'code')) return true;
  const raw = runbook.frontMatter?.raw ?? {};
  return RUNBOOK_FRONT_MATTER_KEYS.some((k) => Object.hasOwn(raw, k));
}
