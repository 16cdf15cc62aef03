// A step's live output: ANSI-coloured, escaped, bounded in the DOM, collapsed when long (with its
// size), a copy button and "follow tail" that sticks to the bottom until the user scrolls up.
import { AnsiStream } from './ansi';
import { formatBytes } from '../format';

/** Output longer than this many lines starts collapsed. */
const collapseLines = 20;
/** Characters kept in the DOM per step; older output is dropped (the session has all of it). */
const maxDomChars = 400_000;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export class OutputView {
  readonly element: HTMLElement;
  private readonly body: HTMLPreElement;
  private readonly sizeLabel: HTMLElement;
  private readonly toggleButton: HTMLButtonElement;
  private readonly followButton: HTMLButtonElement;
  private readonly droppedLabel: HTMLElement;
  private readonly ansi = new AnsiStream();
  /** The unfinished last line (raw, with escapes) and where it is shown. */
  private partial = '';
  private readonly tail: HTMLElement;
  private followFrame = 0;
  private bytes = 0;
  private lines = 0;
  private domChars = 0;
  private droppedFromDom = 0;
  private expanded = false;
  private follow = true;

  constructor(stepTitle: string, onCopy: () => void) {
    this.element = document.createElement('div');
    this.element.className = 'rb-output';
    this.element.hidden = true;

    const bar = document.createElement('div');
    bar.className = 'rb-output-bar';
    const label = document.createElement('span');
    label.className = 'rb-output-label';
    label.textContent = 'Output';
    this.sizeLabel = document.createElement('span');
    this.sizeLabel.className = 'rb-output-size';
    this.toggleButton = iconButton('chevron-down', 'Show all output', () => this.setExpanded(!this.expanded));
    this.toggleButton.classList.add('rb-output-toggle');
    this.followButton = iconButton('fold-down', 'Follow the end of the output', () => this.setFollow(!this.follow));
    this.followButton.classList.add('rb-output-follow');
    const copy = iconButton('copy', 'Copy output', onCopy);
    copy.classList.add('rb-output-copy');
    bar.append(label, this.sizeLabel, spacer(), this.followButton, this.toggleButton, copy);

    this.droppedLabel = document.createElement('div');
    this.droppedLabel.className = 'rb-output-dropped';
    this.droppedLabel.hidden = true;

    this.body = document.createElement('pre');
    this.body.className = 'rb-output-text';
    this.body.tabIndex = 0;
    this.body.setAttribute('role', 'log');
    this.body.setAttribute('aria-label', `Output of ${stepTitle}`);
    this.body.addEventListener('scroll', () => {
      const atBottom = this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 4;
      if (!atBottom && this.follow) this.setFollow(false);
      else if (atBottom && !this.follow) this.setFollow(true);
    });
    this.tail = document.createElement('span');
    this.tail.className = 'rb-output-block rb-output-tail';
    this.body.append(this.tail);
    this.element.append(bar, this.droppedLabel, this.body);
    this.setFollow(true);
    this.setExpanded(false);
  }

  /** Appends output; `droppedBytes` were cut by the host under a flood. */
  append(text: string, droppedBytes = 0): void {
    if (!text && !droppedBytes) return;
    this.element.hidden = false;
    this.bytes += utf8Length(text) + droppedBytes;
    this.droppedFromDom += droppedBytes;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lines++;
    // Complete lines go into a new block (the browser lays out only that block, not all the
    // output again); the unfinished last line is shown in a small tail block, redrawn each time.
    const combined = this.partial + text;
    const cut = combined.lastIndexOf('\n') + 1;
    if (cut > 0) {
      const block = document.createElement('span');
      block.className = 'rb-output-block';
      block.append(this.ansi.toFragment(combined.slice(0, cut)));
      this.body.insertBefore(block, this.tail);
      this.domChars += cut;
    }
    this.partial = combined.slice(cut);
    this.tail.replaceChildren(this.partial ? this.ansi.preview(this.partial) : '');
    this.trimDom();
    this.updateLabels();
    this.scheduleFollow();
  }

  /** Replaces the output with a recorded tail (a restored session). */
  showTail(text: string, totalBytes: number): void {
    this.clear();
    this.append(text);
    const shownBytes = utf8Length(text);
    if (totalBytes > shownBytes) {
      this.droppedFromDom += totalBytes - shownBytes;
      this.bytes = totalBytes;
      this.updateLabels();
    }
  }

  clear(): void {
    this.tail.replaceChildren();
    this.body.replaceChildren(this.tail);
    this.partial = '';
    this.ansi.reset();
    this.bytes = this.lines = this.domChars = this.droppedFromDom = 0;
    this.element.hidden = true;
    this.setFollow(true);
    this.updateLabels();
  }

  /** The plain text currently shown (what a copy without the host would give). */
  get text(): string {
    return this.body.textContent ?? '';
  }

  get size(): number {
    return this.bytes;
  }

  /** Scrolls to the end once per frame (reading scrollHeight forces a layout). */
  private scheduleFollow(): void {
    if (!this.follow || this.followFrame) return;
    this.followFrame = requestAnimationFrame(() => {
      this.followFrame = 0;
      if (this.follow) this.body.scrollTop = this.body.scrollHeight;
    });
  }

  private trimDom(): void {
    while (this.domChars > maxDomChars && this.body.firstChild && this.body.firstChild !== this.tail) {
      const node = this.body.firstChild;
      const length = node.textContent?.length ?? 0;
      node.remove();
      this.domChars -= length;
      this.droppedFromDom += length;
    }
  }

  private updateLabels(): void {
    const lineText = `${this.lines} line${this.lines === 1 ? '' : 's'}`;
    this.sizeLabel.textContent = `${formatBytes(this.bytes)} · ${lineText}`;
    this.droppedLabel.hidden = this.droppedFromDom === 0;
    this.droppedLabel.textContent = `${formatBytes(this.droppedFromDom)} of earlier output not shown here; the session holds all of it.`;
    this.toggleButton.hidden = this.lines <= collapseLines && !this.expanded;
  }

  private setExpanded(expanded: boolean): void {
    this.expanded = expanded;
    this.element.classList.toggle('rb-collapsed', !expanded);
    setIcon(this.toggleButton, expanded ? 'chevron-up' : 'chevron-down');
    const label = expanded ? 'Collapse output' : `Show all output (${formatBytes(this.bytes)})`;
    this.toggleButton.title = label;
    this.toggleButton.setAttribute('aria-label', label);
    this.toggleButton.setAttribute('aria-expanded', String(expanded));
    if (this.follow) this.body.scrollTop = this.body.scrollHeight;
  }

  private setFollow(follow: boolean): void {
    this.follow = follow;
    this.followButton.setAttribute('aria-pressed', String(follow));
    this.followButton.classList.toggle('rb-active', follow);
    if (follow) this.body.scrollTop = this.body.scrollHeight;
  }
}

export function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'rb-icon-button';
  button.title = label;
  button.setAttribute('aria-label', label);
  const glyph = document.createElement('span');
  glyph.className = `codicon codicon-${icon}`;
  glyph.setAttribute('aria-hidden', 'true');
  button.append(glyph);
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return button;
}

function setIcon(button: HTMLButtonElement, icon: string): void {
  const glyph = button.querySelector('.codicon');
  if (glyph) glyph.className = `codicon codicon-${icon}`;
}

function spacer(): HTMLElement {
  const span = document.createElement('span');
  span.className = 'rb-spacer';
  return span;
}
