// The only way rendered Markdown reaches the DOM: DOMPurify with an allow-list close to GitHub's
// (its html-pipeline sanitiser), then a DOM pass that separates our own markup from the runbook's.
//
// - Kept: <details>/<summary>, <kbd>, <br>, <sub>/<sup>, tables, <div align>, images, headings,
//   lists, quotes, code… Dropped with their attributes: <script>, <style>, style="", event
//   handlers, <iframe>/<object>/<embed>, <form>/<button>, <svg>/<math>, <meta>, <base>, <link>,
//   comments; href/src only with safe protocols (DOMPurify's URI rules).
// - Our markup (step slots, check placeholders, source lines, heading ids) carries the render's
//   random key; the same classes and data attributes written in the runbook's HTML are removed,
//   so a runbook cannot forge a step card, a check box or a source line. Runbook ids and names
//   get GitHub's `user-content-` prefix (no DOM clobbering; `#name` links still work).
// - Images load only from https: and data:image/ (as VS Code's Markdown preview in its default
//   security level); a relative or http: image becomes a placeholder showing its alt text.
import DOMPurify from 'dompurify';

/** Attribute that marks elements our renderer produced; its value is the render's random key. */
export const KEY_ATTRIBUTE = 'data-rb-key';

const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'div', 'span', 'a', 'img', 'pre', 'code', 'tt', 'kbd', 'samp', 'var',
  'b', 'i', 'strong', 'em', 'del', 'ins', 's', 'strike', 'sub', 'sup', 'small', 'mark', 'q', 'abbr', 'cite', 'dfn', 'bdo', 'time', 'wbr',
  'ruby', 'rt', 'rp', 'blockquote', 'ol', 'ul', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'details', 'summary', 'figure', 'figcaption', 'input',
];
const ALLOWED_ATTR = [
  'href', 'src', 'alt', 'title', 'width', 'height', 'align', 'valign', 'colspan', 'rowspan', 'scope', 'headers', 'abbr', 'span',
  'start', 'reversed', 'type', 'open', 'lang', 'dir', 'datetime', 'cite', 'id', 'name', 'class', 'aria-label', 'aria-hidden',
  'data-line', 'data-source-checked', KEY_ATTRIBUTE,
];
/** Attributes only our own markup may carry. */
const OWN_ATTRIBUTES = ['data-line', 'data-source-checked'];
/** Classes a runbook's HTML may keep: syntax highlighting only. */
const FREE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+)$/;
const IMAGE_SOURCE = /^(?:https:|data:image\/(?:png|gif|jpe?g|webp|svg\+xml)[;,])/i;

/** Sanitises rendered Markdown into a fragment; `key` is the render's random key (see markdown.ts). */
export function sanitizeRendered(html: string, key: string): DocumentFragment {
  // Without a DOM DOMPurify would return its input unchanged: never let that happen.
  if (!DOMPurify.isSupported) throw new Error('the HTML sanitiser needs a DOM');
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const element of [...fragment.querySelectorAll('*')]) {
    if (element.getAttribute(KEY_ATTRIBUTE) === key) {
      element.removeAttribute(KEY_ATTRIBUTE);
      continue;
    }
    element.removeAttribute(KEY_ATTRIBUTE);
    if (element instanceof HTMLInputElement) {
      element.remove(); // check boxes come from the parser's checks only
      continue;
    }
    for (const name of OWN_ATTRIBUTES) element.removeAttribute(name);
    const classes = [...element.classList].filter((c) => FREE_CLASS.test(c));
    if (classes.length > 0) element.setAttribute('class', classes.join(' '));
    else element.removeAttribute('class');
    for (const name of ['id', 'name']) {
      const value = element.getAttribute(name);
      if (value !== null && !value.startsWith('user-content-')) element.setAttribute(name, `user-content-${value}`);
    }
    if (element instanceof HTMLImageElement && !IMAGE_SOURCE.test(element.getAttribute('src') ?? '')) element.replaceWith(imagePlaceholder(element));
  }
  return fragment;
}

function imagePlaceholder(image: HTMLImageElement): HTMLElement {
  const span = document.createElement('span');
  span.className = 'rb-image-placeholder';
  const alt = image.getAttribute('alt') ?? '';
  span.textContent = alt ? `[image: ${alt}]` : '[image]';
  const src = image.getAttribute('src');
  span.title = src ? `Not shown: ${src} (the notebook shows https: and data: images only)` : 'Not shown: no source';
  return span;
}
