// What GitHub adds to CommonMark when it shows a runbook, so the panel shows the same:
// alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`: markdown-it-github-alerts)
// and emoji shortcodes (`:warning:` → ⚠️: markdown-it-emoji's full set, as GitHub's). The alert's
// markup is ours (it carries the render's key, so the sanitiser keeps its classes), with a codicon
// instead of GitHub's inline SVG (the sanitiser drops SVG) and the title escaped.
import type { MarkdownIt } from 'markdown-it';
import githubAlerts from 'markdown-it-github-alerts';
import { full as emoji } from 'markdown-it-emoji';
import { KEY_ATTRIBUTE } from './sanitize';

const ALERT_ICONS: Readonly<Record<string, string>> = {
  note: 'info',
  tip: 'lightbulb',
  important: 'report',
  warning: 'warning',
  caution: 'stop-circle',
};

export function githubExtrasPlugin(md: MarkdownIt): void {
  md.use(githubAlerts, { icons: {} });
  md.use(emoji);
  md.renderer.rules.alert_open = (tokens, idx, _options, rawEnv) => {
    const token = tokens[idx]!;
    const { title, type } = token.meta as { title: string; type: string };
    const key = `${KEY_ATTRIBUTE}="${md.utils.escapeHtml(String((rawEnv as { key?: string } | undefined)?.key ?? ''))}"`;
    const line = token.attrGet('data-line')?.toString();
    const icon = ALERT_ICONS[type] ?? 'info';
    return `<div class="markdown-alert markdown-alert-${md.utils.escapeHtml(type)}"${line ? ` data-line="${md.utils.escapeHtml(line)}"` : ''} ${key}>`
      + `<p class="markdown-alert-title" ${key}><span class="codicon codicon-${icon}" aria-hidden="true" ${key}></span>${md.utils.escapeHtml(title)}</p>\n`;
  };
}
