// One RunbookDocument per open runbook: its text parsed once per change, on one clock (edits are
// debounced), announced by one event. The panel, the run controller, the gutters, the CodeLens,
// the hover and the status bar all read it, so they never disagree about which text they show.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Runbook } from '../core/format/model';
import { parseRunbook } from '../core/format/parse';
import { Disposable } from './dispose';

/** Keystrokes within this time are parsed once. */
export const PARSE_DELAY_MS = 150;

export interface RunbookDocument {
  readonly uri: vscode.Uri;
  /** The runbook's URI as a string. */
  readonly key: string;
  /** LF line endings. */
  readonly text: string;
  readonly runbook: Runbook;
}

export class RunbookDocuments extends Disposable {
  private readonly documents = new Map<string, RunbookDocument>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly changed = this.register(new vscode.EventEmitter<RunbookDocument>());
  /** Fires once per change of a document someone asked for (after edits settle). */
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register({ dispose: () => this.pending.forEach((t) => clearTimeout(t)) });
  }

  /** The parsed document as last announced, if it was ever asked for. */
  peek(uri: vscode.Uri): RunbookDocument | undefined {
    return this.documents.get(uri.toString());
  }

  /** The document parsed from its current text (any edit still waiting is parsed now). */
  async get(uri: vscode.Uri): Promise<RunbookDocument> {
    const key = uri.toString();
    const waiting = this.pending.has(key);
    const known = this.documents.get(key);
    if (known && !waiting) return known;
    return this.update(await vscode.workspace.openTextDocument(uri));
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.documents.has(key)) return; // nobody reads it
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => void this.update(document), PARSE_DELAY_MS));
  }

  private update(document: vscode.TextDocument): RunbookDocument {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    const text = document.getText().replace(/\r\n/g, '\n');
    const known = this.documents.get(key);
    if (known && known.text === text) return known;
    const parsed: RunbookDocument = { uri: document.uri, key, text, runbook: parseRunbook(text, { fileName: path.posix.basename(document.uri.path) }) };
    this.documents.set(key, parsed);
    if (known) this.changed.fire(parsed); // a change; a first load is returned to whoever asked
    return parsed;
  }
}
