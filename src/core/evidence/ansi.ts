// ANSI-coloured terminal output → escaped HTML spans (anser parses the escapes). Basic colours
// become classes the stylesheet maps to print-friendly tones; 256/true colours become inline styles.
import Anser from 'anser';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text-node escaping only (no quotes): used for the embedded data block to keep it compact. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeText(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function palette(n: number): string {
  if (n < 16) return '';
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `${v},${v},${v}`;
  }
  const i = n - 16;
  const c = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return `${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)}`;
}

function colour(cls: string | null, truecolor: string | null, prop: 'color' | 'background-color'): { cls?: string; style?: string } {
  if (!cls) return {};
  if (cls === 'ansi-truecolor' && truecolor) return { style: `${prop}:rgb(${truecolor.replace(/\s/g, '')})` };
  const pal = /^ansi-palette-(\d+)$/.exec(cls);
  if (pal) {
    const n = Number(pal[1]);
    return n < 16 ? { cls: `${prop === 'color' ? 'fg' : 'bg'}-${n}` } : { style: `${prop}:rgb(${palette(n)})` };
  }
  return { cls: `${prop === 'color' ? 'fg' : 'bg'}-${cls.slice('ansi-'.length)}` };
}

/** Strips control characters other than tab/newline (a terminal would not print them either). */
const CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g; // eslint-disable-line no-control-regex

/** How revealed concealed text looks: dotted outline (inline, so existing stylesheets stay unchanged). */
export const CONCEALED_STYLE = 'outline:1px dotted #8c959f;background:#f6f8fa';

export function ansiToHtml(text: string): string {
  const entries = Anser.ansiToJson(text.replace(/\r\n/g, '\n'), { use_classes: true, remove_empty: true });
  let out = '';
  for (const e of entries) {
    const content = escapeHtml(e.content.replace(CONTROL, ''));
    if (!content) continue;
    const fg = colour(e.fg, e.fg_truecolor, 'color');
    const bg = colour(e.bg, e.bg_truecolor, 'background-color');
    // Concealed text (SGR 8) is evidence too: shown, marked as concealed-but-revealed, never hidden.
    const concealed = e.decorations.includes('hidden');
    const classes = [fg.cls, bg.cls, ...e.decorations.filter((d) => d !== 'hidden').map((d) => `d-${d}`)].filter(Boolean);
    const styles = [fg.style, bg.style, concealed ? CONCEALED_STYLE : undefined].filter(Boolean);
    if (classes.length === 0 && styles.length === 0) {
      out += content;
      continue;
    }
    out += `<span${classes.length ? ` class="${classes.join(' ')}"` : ''}${styles.length ? ` style="${styles.join(';')}"` : ''}>${content}</span>`;
  }
  return out;
}
