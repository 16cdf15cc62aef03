// The runbook data model: what `parseRunbook` produces and every other part reads
// (executor, session, evidence, language server, webview, CLI). Pure data, JSON-serialisable.
import type { PromptStyle, TranscriptLine } from './transcript';

/** 1-based line and column, as shown to users and in `file:line:col` output. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  /** Exclusive end. */
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'information';

/** Stable diagnostic codes: shared by `runbook lint`, the language server and the webview. */
export type DiagnosticCode =
  | 'duplicate-id'
  | 'unknown-attribute'
  | 'malformed-attributes'
  | 'bad-timeout'
  | 'bad-expect-exit'
  | 'bad-expect-regex'
  | 'bad-attribute-value'
  | 'invalid-yaml'
  | 'bad-front-matter-value'
  | 'unknown-front-matter-key'
  | 'bad-variable'
  | 'undeclared-variable'
  | 'secret-with-default'
  | 'unterminated-fence'
  | 'step-after-unterminated-fence'
  | 'mixed-transcript'
  | 'placeholder'
  | 'unclosed-command'
  | 'invalid-toml'
  | 'foreign-attribute'
  | 'foreign-front-matter-key'
  | 'id-slug'
  | 'secret-in-file'
  | 'short-secret';

export interface Diagnostic {
  readonly severity: Severity;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: DiagnosticCode;
  /** Says what is wrong and how to fix it. */
  readonly message: string;
  /** Machine-readable hints for quick fixes (e.g. `{ suggestion: 'timeout' }`). */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * How a step's code is run; see docs/format.md for the language table. `other-shell` is any
 * other shell named by `shell` (ksh, dash, fish, …): the step's `shell` holds its name.
 */
export type RunnerKind = 'bash' | 'sh' | 'zsh' | 'other-shell' | 'pwsh' | 'cmd' | 'python' | 'node';

export type TargetOs = 'linux' | 'darwin' | 'windows';

/** Raw attribute values as written: `key=value` gives a string, a bare `key` gives `true`. */
export type AttributeValue = string | boolean;

export interface AttributeEntry {
  readonly key: string;
  readonly value: AttributeValue;
  /** Where the key starts on the fence line (1-based column) and ends (exclusive). */
  readonly column: number;
  readonly endColumn: number;
}

export interface StepBase {
  /** Stable id: explicit (`#id`, `id=`, `name=`) or derived from the section and position. */
  readonly id: string;
  /** 1-based line of the opening fence or the task item. */
  readonly line: number;
  /** Heading path from the top, e.g. ['Upgrade', 'Step 2 - Copy']. */
  readonly section: readonly string[];
  readonly title: string;
}

export interface CodeStep extends StepBase {
  readonly kind: 'code';
  readonly explicitId: boolean;
  /** Runme's `id` (a ULID) when `name` gave the step id: sessions record it with each start. */
  readonly alias?: string;
  /** Runme's `excludeFromRunAll`: Run all and Run from here pass over it; it runs by hand. */
  readonly excludeFromRunAll?: boolean;
  /** The info-string language as written (`bash`, `ps1`, `py`, …), lower-cased. */
  readonly lang: string;
  readonly runner: RunnerKind;
  /** Raw attributes in source order (classes excluded). */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly attributeEntries: readonly AttributeEntry[];
  readonly classes: readonly string[];
  /** Range of the `{…}` on the fence line, when present. */
  readonly attributeRange?: Range;
  /** The code, LF line endings, without the fences. */
  readonly code: string;
  /** 1-based line of the closing fence (or the last line when unterminated). */
  readonly endLine: number;
  readonly unterminated: boolean;
  // Normalised attributes (invalid values are reported as diagnostics and left undefined).
  readonly timeoutMs?: number;
  /** Set when the step needs confirmation; the message to show (a default one for a bare flag). */
  readonly confirm?: string;
  /** Regular expression source the output must match. */
  readonly expect?: string;
  /** Exit codes that count as success; [0] by default. */
  readonly expectExit: readonly number[];
  readonly cwd?: string;
  readonly continueOnError: boolean;
  readonly interactive: boolean;
  /** `keep-background`: after a normal end, background processes the step started keep running. */
  readonly keepBackground?: boolean;
  /** Shell override for shell steps: any shell name (`bash`, `zsh`, `ksh`, `fish`, …). */
  readonly shell?: string;
  readonly when?: TargetOs;
  /** Set when the block is a shell transcript (`$ command` + sample output): docs/format.md, Transcripts. */
  readonly transcript?: Transcript;
  /** The exact script the executor runs when it differs from `code` (a transcript's commands). */
  readonly run?: string;
  /**
   * Why the step never runs, when it cannot run as written: prompts and commands mixed so that
   * they cannot be split safely, or a placeholder to replace (`<pod>`, placeholders.ts).
   */
  readonly notRunnable?: string;
}

export interface Transcript {
  readonly prompt: PromptStyle;
  /** One entry per line of `code`, in order, with its role. */
  readonly lines: readonly TranscriptLine[];
  /** The documented sample output ('' when none): shown, compared softly, never run. */
  readonly expectedOutput: string;
}

export interface CheckStep extends StepBase {
  readonly kind: 'check';
  /** Whether the Markdown source has `[x]`. The session, not the file, records ticks. */
  readonly checked: boolean;
  /** The item's text without the `[ ]` marker. */
  readonly text: string;
}

export type Step = CodeStep | CheckStep;

export interface VariableSpec {
  readonly name: string;
  readonly description?: string;
  readonly default?: string;
  readonly secret: boolean;
  readonly required: boolean;
  /** `required: false` was written: never asked for, even when a step about to run reads it. */
  readonly optional?: boolean;
  readonly pattern?: string;
  readonly choices?: readonly string[];
  /** 1-based line of the declaration in the front matter. */
  readonly line: number;
}

export interface FrontMatter {
  /** `yaml` between `---` lines, `toml` between `+++` lines (Hugo). */
  readonly format?: 'yaml' | 'toml';
  /** 1-based lines of the opening and closing `---` (or `+++`). */
  readonly startLine: number;
  readonly endLine: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface Runbook {
  /** Front-matter title, else the first H1, else the file name (when given), else 'Untitled runbook'. */
  readonly title: string;
  readonly description?: string;
  /** Default shell for shell steps. */
  readonly shell?: string;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly variables: readonly VariableSpec[];
  readonly steps: readonly Step[];
  readonly diagnostics: readonly Diagnostic[];
  readonly frontMatter?: FrontMatter;
  /** Number of lines in the (normalised) text; every diagnostic line lies in 1..lineCount. */
  readonly lineCount: number;
}

export interface ParseOptions {
  /** Used for the fallback title and in messages. */
  readonly fileName?: string;
}
