// One analysed runbook text: the parsed model plus the line-level facts editor features need.
// Analyses are cached per (uri, version) by DocumentCache, so a request burst parses once.
import { parseRunbookWithFences } from '../format/parse';
import type { Runbook } from '../format/model';
import { fenceBlocks, type FenceBlock } from './fences';
import { findDeclarations, findVariableUses, type VariableDeclaration, type VariableUse } from './variables';

/** The minimum the service needs from an editor document (vscode-languageserver's TextDocument fits). */
export interface TextSource {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export class RunbookDocument {
  readonly lines: readonly string[];
  readonly runbook: Runbook;
  /** 0-based index of the closing `---` of the front matter, or -1. */
  readonly frontMatterEnd: number;
  readonly fences: readonly FenceBlock[];
  private useCache?: readonly VariableUse[];
  private declarationCache?: readonly VariableDeclaration[];

  constructor(readonly uri: string, readonly version: number, readonly text: string) {
    this.lines = text.split(/\r?\n/);
    const fileName = decodeURIComponent(uri.split('/').pop() ?? '');
    const parsed = parseRunbookWithFences(text, { fileName });
    this.runbook = parsed.runbook;
    this.fences = fenceBlocks(parsed.fences, this.lines);
    this.frontMatterEnd = this.runbook.frontMatter ? this.runbook.frontMatter.endLine - 1 : -1;
  }

  get variableUses(): readonly VariableUse[] {
    return (this.useCache ??= findVariableUses(this));
  }

  get declarations(): readonly VariableDeclaration[] {
    return (this.declarationCache ??= findDeclarations(this));
  }

  /** A UTF-8 BOM is part of line 0 here but not in the parser's columns. */
  get bomOffset(): number {
    return this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  fenceAtLine(line: number): FenceBlock | undefined {
    return this.fences.find((f) => f.openLine === line);
  }

  fenceContaining(line: number): FenceBlock | undefined {
    return this.fences.find((f) => line > f.openLine && line < f.closeLine);
  }
}

export class DocumentCache {
  private readonly entries = new Map<string, RunbookDocument>();

  get(source: TextSource): RunbookDocument {
    const cached = this.entries.get(source.uri);
    if (cached && cached.version === source.version) return cached;
    const doc = new RunbookDocument(source.uri, source.version, source.getText());
    this.entries.set(source.uri, doc);
    return doc;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
