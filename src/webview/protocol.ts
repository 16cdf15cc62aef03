// The typed message protocol between the extension host (src/extension) and the webview
// (src/webview). Both sides import these unions; receivers switch on `type` exhaustively.
import type { Runbook } from '../core/format/model';
import type { OutputStream } from '../core/executor/types';
import type { StepView } from '../core/run/stepRecords';
import type { SessionStatus } from '../core/run/status';

/** What a card shows about a step: defined with the step records (src/core/run/stepRecords.ts). */
export type { StepView };

/** One step's share of a coalesced output batch. */
export interface OutputBatch {
  readonly stepId: string;
  readonly stream: OutputStream;
  /** Decoded, secret-masked text with ANSI escapes kept. */
  readonly text: string;
  /** Bytes the host dropped from the middle of this batch to bound the message (flood). */
  readonly droppedBytes?: number;
}

export interface SessionSummary {
  readonly id: string;
  readonly title: string;
  readonly startedAt: string;
  readonly status: SessionStatus;
}

export interface SessionView {
  /** The session this panel records into (or shows); undefined before the first run. */
  readonly current?: SessionSummary & { readonly readOnly: boolean };
  /** Sessions of this runbook, newest first, for the picker. */
  readonly sessions: readonly SessionSummary[];
}

export interface RunView {
  readonly running: boolean;
  /** The step currently running, if any. */
  readonly stepId?: string;
}

/** Extension host → webview. */
export type ToWebviewMessage =
  | {
      readonly type: 'document';
      /** The runbook's URI as a string (identity of the panel). */
      readonly uri: string;
      /** The Markdown text (LF line endings); the webview renders it with markdown-it. */
      readonly text: string;
      readonly runbook: Runbook;
      /** False in an untrusted workspace: everything renders read-only. */
      readonly trusted: boolean;
    }
  /** Workspace trust changed (granting trust enables running without a reload). */
  | { readonly type: 'trust'; readonly trusted: boolean }
  /** Partial updates of step cards. `reset` clears the previous state first (new session). */
  | { readonly type: 'steps'; readonly steps: readonly StepView[]; readonly reset?: boolean }
  /** Coalesced output; `clear` empties the step's output first (a new attempt). */
  | { readonly type: 'output'; readonly batches: readonly OutputBatch[] }
  | { readonly type: 'clearOutput'; readonly stepId: string }
  /** A restored session's recorded output tail (replaces what the card shows). */
  | { readonly type: 'outputTail'; readonly stepId: string; readonly text: string; readonly totalBytes: number }
  | { readonly type: 'session'; readonly session: SessionView }
  | { readonly type: 'run'; readonly run: RunView }
  | { readonly type: 'noteSaved'; readonly stepId: string; readonly text: string }
  /** Ask for variable values before a run; the form opens with the missing ones marked. */
  | { readonly type: 'requestVariables'; readonly requestId: number; readonly missing: readonly string[] }
  /** Move focus to a card (e.g. after "Reveal in Runbook" from the editor). */
  | { readonly type: 'focusStep'; readonly stepId: string }
  /** Several messages delivered in one postMessage (the host's coalescer). */
  | { readonly type: 'batch'; readonly messages: readonly ToWebviewMessage[] };

/** A transcript card as shown: the text of its code area (what runs) and of its expected-output section. */
export interface RenderedTranscript {
  readonly stepId: string;
  readonly runs: string;
  readonly expected: string;
}

/** Webview → extension host. */
export type FromWebviewMessage =
  | { readonly type: 'ready' }
  /** Sent after each render: what the user now sees (also what the integration tests check). */
  | { readonly type: 'rendered'; readonly stepCount: number; readonly checkCount: number; readonly transcripts?: readonly RenderedTranscript[] }
  | { readonly type: 'runStep'; readonly stepId: string }
  | { readonly type: 'runFrom'; readonly stepId: string }
  | { readonly type: 'runAll' }
  /** Cancel the running step (stepId given) or the whole run. */
  | { readonly type: 'cancel'; readonly stepId?: string }
  | { readonly type: 'skipStep'; readonly stepId: string }
  | { readonly type: 'setNote'; readonly stepId: string; readonly text: string }
  | { readonly type: 'setCheck'; readonly stepId: string; readonly checked: boolean }
  | { readonly type: 'copyOutput'; readonly stepId: string }
  | { readonly type: 'newSession' }
  /** Open a past session: unfinished ones resume, finished ones open read-only. */
  | { readonly type: 'openSession'; readonly sessionId: string }
  /** Values from the variables form (`requestId` answers a `requestVariables`). */
  | { readonly type: 'submitVariables'; readonly values: Readonly<Record<string, string>>; readonly requestId?: number }
  | { readonly type: 'cancelVariables'; readonly requestId: number }
  | { readonly type: 'exportEvidence' }
  /** End the session with the status its steps add up to; it then shows read-only. */
  | { readonly type: 'finishSession' }
  | { readonly type: 'manageTrust' }
  | { readonly type: 'revealLine'; readonly line: number }
  | { readonly type: 'openLink'; readonly href: string }
  /** Webview-side problems, for the extension's log. */
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

/** State the webview keeps across reloads (vscode.setState / the panel serializer). */
export interface WebviewPersistedState {
  readonly uri: string;
  /** Source line at the top of the viewport, to restore the scroll position. */
  readonly scrollLine?: number;
  readonly sessionId?: string;
}
