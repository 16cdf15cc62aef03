// Streaming ANSI → DOM: colours and decorations become spans with classes (themed in CSS);
// the text goes in through textContent, so nothing a step prints can become markup.
import Anser from 'anser';

// eslint-disable-next-line no-control-regex
const sgr = /\x1b\[([0-9;]*)m/g;
// An escape sequence cut off at the end of a chunk: hold it back until the next chunk.
// eslint-disable-next-line no-control-regex
const partialEscape = /\x1b(\[[0-9;?]*)?$/;

/** Converts a stream of output text into DOM fragments, keeping colour state across chunks. */
export class AnsiStream {
  /** SGR sequences in effect at the end of the last chunk, replayed before the next one. */
  private carry = '';
  private pending = '';

  /** DOM nodes for the next piece of output (advances the colour state). */
  toFragment(text: string): DocumentFragment {
    let input = this.pending + text;
    this.pending = '';
    const partial = partialEscape.exec(input);
    if (partial) {
      this.pending = partial[0];
      input = input.slice(0, partial.index);
    }
    const carry = this.carry;
    this.updateCarry(input);
    return render(carry + input);
  }

  /** DOM nodes for text shown provisionally (an unfinished line): the colour state is not advanced. */
  preview(text: string): DocumentFragment {
    const input = (this.pending + text).replace(partialEscape, '');
    return render(this.carry + input);
  }

  reset(): void {
    this.carry = '';
    this.pending = '';
  }

  private updateCarry(input: string): void {
    for (const match of input.matchAll(sgr)) {
      const params = match[1] ?? '';
      if (params === '' || params === '0' || params === '00') this.carry = '';
      else if (params.startsWith('0;')) this.carry = `\x1b[${params.slice(2)}m`;
      else this.carry += match[0];
    }
    // Keep only the last few sequences: they decide the current style.
    const kept = this.carry.match(sgr);
    if (kept && kept.length > 8) this.carry = kept.slice(-8).join('');
  }
}

function render(text: string): DocumentFragment {
  // Progress bars rewrite a line with a bare CR; show each state on its own line.
  const input = text.replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
  const fragment = document.createDocumentFragment();
  const entries = Anser.ansiToJson(input, { use_classes: true, remove_empty: true });
  for (const entry of entries) {
    if (!entry.content) continue;
    const plain = !entry.fg && !entry.bg && entry.decorations.length === 0;
    if (plain) {
      fragment.append(document.createTextNode(entry.content));
      continue;
    }
    const span = document.createElement('span');
    span.textContent = entry.content;
    if (entry.fg) span.classList.add(`${entry.fg}-fg`);
    if (entry.bg) span.classList.add(`${entry.bg}-bg`);
    // Style properties set through the CSSOM are allowed by the webview's CSP.
    if (entry.fg === 'ansi-truecolor' && entry.fg_truecolor) span.style.color = `rgb(${entry.fg_truecolor})`;
    if (entry.bg === 'ansi-truecolor' && entry.bg_truecolor) span.style.backgroundColor = `rgb(${entry.bg_truecolor})`;
    for (const decoration of entry.decorations) span.classList.add(`ansi-${decoration}`);
    fragment.append(span);
  }
  return fragment;
}

/** Text without escape sequences (for sizes, search and the copy fallback). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-Z\\-_]/g, '');
}
