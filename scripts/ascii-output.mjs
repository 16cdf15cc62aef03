// Keeps a bundle's text pure ASCII. V8 stores a script's source as one byte per character only
// when every character fits in Latin-1; a single `…` left in a regular expression literal (esbuild
// escapes non-ASCII characters in strings and templates, not in regex literals) doubles the memory
// of the whole source (two bytes per character) for as long as the process runs. `\uXXXX` means
// the same character in a string, template, regular expression (with or without the u flag: a
// surrogate pair is read as one code point) and identifier, and costs nothing in a comment.
import { readFileSync, writeFileSync } from 'node:fs';

/** The text with every non-ASCII character written as `\uXXXX`; throws where that would change the meaning. */
export function asciiOnly(text, file = 'bundle') {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // After an odd number of backslashes the character is escaped itself (`\…` in a regex):
    // `\\u2026` would read as a backslash and the letters u2026.
    let slashes = 0;
    for (let j = i - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) slashes++;
    if (slashes % 2 === 1) {
      const line = text.slice(0, i).split('\n').length;
      throw new Error(`${file}:${line}: an escaped non-ASCII character (\\${text[i]}) cannot be rewritten as \\u${code.toString(16).padStart(4, '0')}; write it as a \\u escape in the source`);
    }
    out += `${text.slice(last, i)}\\u${code.toString(16).padStart(4, '0')}`;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Rewrites the file in place when it has non-ASCII characters. */
export function makeFileAscii(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = asciiOnly(text, file);
  if (ascii !== text) writeFileSync(file, ascii);
}
