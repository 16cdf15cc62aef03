// Syntax highlighting with highlight.js: only the languages runbooks use, to keep the webview
// bundle small. Returns escaped HTML (highlight.js escapes the source text itself).
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import dos from 'highlight.js/lib/languages/dos';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import nginx from 'highlight.js/lib/languages/nginx';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = { bash, diff, dockerfile, dos, ini, javascript, json, nginx, powershell, python, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/** Info-string names runbooks use that highlight.js knows under another name. */
const aliases: Readonly<Record<string, string>> = {
  sh: 'bash', zsh: 'bash', ksh: 'bash', console: 'shell', pwsh: 'powershell', ps1: 'powershell', ps: 'powershell',
  py: 'python', python3: 'python', node: 'javascript', js: 'javascript', mjs: 'javascript', ts: 'typescript',
  yml: 'yaml', cmd: 'dos', bat: 'dos', toml: 'ini', html: 'xml',
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Highlighted, escaped HTML for `code`; plain escaped text for unknown languages. */
export function highlightCode(code: string, lang: string): string {
  const name = aliases[lang.toLowerCase()] ?? lang.toLowerCase();
  if (name && hljs.getLanguage(name)) {
    try {
      return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    } catch {
      // fall through to plain text
    }
  }
  return escapeHtml(code);
}
