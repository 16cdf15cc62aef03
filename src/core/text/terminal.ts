// Text that reaches a terminal from elsewhere (a runbook, a session file, a step's output) must
// not drive the terminal: no clipboard writes (OSC 52), hyperlinks (OSC 8), title changes, screen
// clears, cursor moves or fake lines. Two tools:
// - escapeControls: for messages that quote file content (lint, verify, names, reasons); every
//   control character is shown as text (`\x1b`, `\n`), so the message is one honest line.
// - TerminalSanitiser / sanitiseTerminal: for step output, which is meant to be shown as the
//   terminal would; only SGR sequences (colours, bold, …) pass, every other escape sequence is
//   removed whole, and C0/C1 controls other than tab, newline and carriage return are dropped.
//   Streaming: a sequence split across chunks is held until its end (bounded).

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\x1b': '\\x1b' };

/** Shows C0, DEL and C1 control characters (tab excepted) as escapes: `\x1b`, `\n`, `\x9b`. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The longest escape sequence kept pending across chunks; a longer one is dropped unseen. */
const MAX_PENDING = 4096;

type Mode = 'text' | 'esc' | 'csi' | 'string' | 'string-esc';

export class TerminalSanitiser {
  private mode: Mode = 'text';
  /** The CSI sequence being read (kept only if it ends in `m`). */
  private csi = '';
  private skipped = 0;

  /** Sanitises a chunk; an unfinished escape sequence at its end waits for the next chunk. */
  push(text: string): string {
    let out = '';
    let runStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.mode === 'text') {
        if (c >= 0x20 && c !== 0x7f && (c < 0x80 || c > 0x9f)) continue;
        if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
        out += text.slice(runStart, i);
        runStart = i + 1;
        if (c === 0x1b) this.mode = 'esc';
        else if (c === 0x9b) this.startCsi('\x1b[');
        else if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) this.startString();
        // any other control character is dropped
        continue;
      }
      runStart = i + 1;
      const ch = text[i]!;
      switch (this.mode) {
        case 'esc':
          if (ch === '[') this.startCsi('\x1b[');
          else if (ch === ']' || ch === 'P' || ch === 'X' || ch === '^' || ch === '_') this.startString();
          else if (c >= 0x20 && c <= 0x2f) this.mode = 'esc'; // intermediate (ESC ( B …): keep reading
          else this.mode = 'text'; // ESC + final byte (ESC c, ESC 7, …): dropped
          break;
        case 'csi':
          this.csi += ch;
          if (c >= 0x40 && c <= 0x7e) {
            // Only SGR: ESC [ digits/semicolons/colons m
            if (ch === 'm' && /^\x1b\[[0-9;:]*m$/.test(this.csi)) out += this.csi; // eslint-disable-line no-control-regex
            this.csi = '';
            this.mode = 'text';
          } else if (c < 0x20 || this.csi.length > MAX_PENDING) {
            this.csi = '';
            this.mode = 'text';
          }
          break;
        case 'string':
          // OSC / DCS / SOS / PM / APC: everything up to BEL or ST (ESC \ or 0x9c) is dropped.
          if (c === 0x07 || c === 0x9c || ++this.skipped > MAX_PENDING * 256) this.mode = 'text';
          else if (c === 0x1b) this.mode = 'string-esc';
          break;
        case 'string-esc':
          this.mode = ch === '\\' ? 'text' : 'string';
          break;
      }
    }
    if (this.mode === 'text') out += text.slice(runStart);
    return out;
  }

  /** Ends the stream: an unfinished sequence is dropped. */
  end(): string {
    this.mode = 'text';
    this.csi = '';
    return '';
  }

  private startCsi(prefix: string): void {
    this.mode = 'csi';
    this.csi = prefix;
  }

  private startString(): void {
    this.mode = 'string';
    this.skipped = 0;
  }
}

/** One-shot form of TerminalSanitiser. */
export function sanitiseTerminal(text: string): string {
  return new TerminalSanitiser().push(text);
}
