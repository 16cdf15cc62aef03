// GFM task lists for markdown-it: `- [ ] text` / `- [x] text` list items. Each item gets a
// checkbox placeholder carrying its 1-based source line; the webview attaches the manual-check
// behaviour to it. The placeholder is a fixed string built from a number, never from the text.
import type { MarkdownIt, StateCore } from 'markdown-it';
import { KEY_ATTRIBUTE } from './sanitize';

const marker = /^\[([ xX])\][ \t]/;

export function taskListPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'runbook-task-lists', (state: StateCore) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i]!;
      if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || tokens[i - 2]!.type !== 'list_item_open') continue;
      const first = inline.children?.[0];
      if (!first || first.type !== 'text' || !marker.test(first.content)) continue;
      const checked = first.content[1] !== ' ';
      first.content = first.content.replace(marker, '');
      const item = tokens[i - 2]!;
      const line = (item.map?.[0] ?? -1) + 1;
      // The render's key (markdown.ts) marks what we add, so the sanitiser keeps it.
      const key = (state.env as { key?: string }).key ?? '';
      item.attrJoin('class', 'task-list-item');
      item.attrSet(KEY_ATTRIBUTE, key);
      const box = new state.Token('html_inline', '', 0);
      box.content = `<input type="checkbox" class="rb-check" data-line="${line}"${checked ? ' data-source-checked="true"' : ''} ${KEY_ATTRIBUTE}="${key}">`;
      inline.children!.unshift(box);
      // Mark the enclosing list so it can drop its bullets.
      for (let j = i - 3; j >= 0; j--) {
        const t = tokens[j]!;
        if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === item.level - 1) {
          if (!String(t.attrGet('class') ?? '').includes('contains-task-list')) t.attrJoin('class', 'contains-task-list');
          t.attrSet(KEY_ATTRIBUTE, key);
          break;
        }
      }
    }
  });
}
