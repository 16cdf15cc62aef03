// A runbook's seat at its run host (src/runhost): which run host records the session, starting or
// attaching to one (a run started in another window or terminal, a run that outlived a reload),
// and what the window shows when that host goes away. The RunController runs through it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Runbook } from '../../core/format/model';
import type { RecordedRun, StepRecord } from '../../core/run';
import { attachHostedRun, HostedRun, startHostedRun, type HostedRunOptions } from '../../runhost/hostedRun';
import { deadHostSentence, inspectRunHost, runHostsUnder, type HostStatus } from '../../runhost/recover';
import { sessionsDirectory } from './settings';
import { askInVsCode, hostConfig, runHostEnabled } from './runHostLink';
import type { SessionLink } from './sessionLink';
import { errorMessage } from '../../core/text/errorMessage';

/** What the seat needs of its controller. */
export interface SeatOwner {
  readonly uri: vscode.Uri;
  readonly session: SessionLink;
  readonly records: Map<string, StepRecord>;
  /** The runbook as parsed now, and its text (what the next run uses). */
  runbook(): Runbook;
  text(): string;
  readonly log: vscode.LogOutputChannel;
  readonly toolVersion: string;
  /** The recorded run in use, and the key (session, text, values) it was made for. */
  current(): { readonly run: RecordedRun | undefined; readonly key: string };
  /** Makes `run` the recorded run in use: its events reach the panel and the editor. */
  use(run: RecordedRun, key: string): void;
  /** Stops using `run` if it is still the one in use (its host closed the connection). */
  forget(run: RecordedRun): void;
  /** Drops the recorded run in use (an idle run host is released). */
  drop(): void;
  /** Resolves once a run host being released has freed the session. */
  released(): Promise<void>;
  /** The key of a run with these values in `sessionDir`. */
  runKey(given: Readonly<Record<string, string>>, sessionDir: string | undefined): string;
  replaceRecords(records: ReadonlyMap<string, StepRecord>): void;
  postRun(): void;
}

export class RunHostSeat {
  constructor(private readonly owner: SeatOwner) {}

  /**
   * The run host for a run with these values. One per session, runbook text and variables, kept
   * while the window is open: its shell state carries over between runs as in a terminal. Other
   * text or values: the idle host releases the session and a new one resumes it.
   */
  async forRun(given: Record<string, string>): Promise<HostedRun> {
    const owner = this.owner;
    const { run: current, key } = owner.current();
    if (current instanceof HostedRun && current.connected && (current.running || key === owner.runKey(given, owner.session.dir))) return current;
    owner.drop();
    await owner.released();
    await owner.session.releaseLive();
    const resumeDir = owner.session.resumableDir;
    if (resumeDir && (await inspectRunHost(resumeDir)).kind === 'live') {
      // Another window or terminal has this session in a run host: show its run, or take over an idle one.
      const other = await attachHostedRun(resumeDir, this.options());
      if (other.running) {
        this.adopt(other, '');
        return other;
      }
      await other.release();
    }
    const hosted = await startHostedRun(hostConfig({ uri: owner.uri, text: owner.text(), given, ...(resumeDir ? { resumeDir } : {}), toolVersion: owner.toolVersion, log: owner.log }), this.options());
    await owner.session.adopt(hosted.sessionDir, hosted.sessionId, owner.runbook().title);
    this.adopt(hosted, owner.runKey(given, hosted.sessionDir));
    owner.log.info(`${path.basename(owner.uri.fsPath)}: run host ${hosted.hostPid} records session ${hosted.sessionId}`);
    return hosted;
  }

  /**
   * The run host of a remembered session (trusted workspaces only): a live one, or a dead one
   * cleaned up (its running step recorded interrupted) so the session reads as it ended.
   */
  async inspect(dir: string | undefined): Promise<HostStatus | undefined> {
    if (!dir || !vscode.workspace.isTrusted) return undefined;
    return inspectRunHost(dir).catch((e: unknown) => void this.owner.log.warn(`cannot inspect the run host of ${dir}: ${errorMessage(e)}`));
  }

  /**
   * A live run host recording this runbook under the sessions folder, when the remembered session
   * has none: the window's remembered session can be lost (a reload before the workbench stored
   * it) or belong to another window, and a run started from a terminal is never remembered here.
   * A running one first, else the newest.
   */
  async findLive(): Promise<{ readonly dir: string; readonly host: HostStatus } | undefined> {
    if (!vscode.workspace.isTrusted || !runHostEnabled()) return undefined;
    const mine = path.resolve(this.owner.uri.fsPath);
    const hosts = (await runHostsUnder(sessionsDirectory(this.owner.uri)).catch(() => []))
      .filter((h) => h.status.kind === 'live' && path.resolve(h.status.info.runbookPath) === mine)
      .sort((a, b) => rank(b.status) - rank(a.status));
    const found = hosts[0];
    return found ? { dir: found.dir, host: found.status } : undefined;
  }

  /** After a reload or a restarted extension host: attach to the live run host of `dir` (see inspect), if any. */
  async reattach(dir: string | undefined, host: HostStatus | undefined): Promise<void> {
    if (!dir || host?.kind !== 'live' || !runHostEnabled()) return;
    try {
      this.adopt(await attachHostedRun(dir, this.options()), '');
      this.owner.log.info(`${path.basename(this.owner.uri.fsPath)}: attached to run host ${host.info.pid} of session ${host.info.sessionId}`);
    } catch (error) {
      this.owner.log.warn(`cannot attach to the run host of ${dir}: ${errorMessage(error)}`);
    }
  }

  private options(): HostedRunOptions {
    const log = (line: string) => this.owner.log.info(line);
    return { runbook: this.owner.runbook(), records: this.owner.records, ask: askInVsCode(() => this.owner.runbook(), log), client: 'vscode', log };
  }

  private adopt(hosted: HostedRun, key: string): void {
    this.owner.use(hosted, key);
    void hosted.closed.then(() => this.closed(hosted));
  }

  /** The run host closed the connection: it was released or finished, or it died with a run. */
  private async closed(hosted: HostedRun): Promise<void> {
    const owner = this.owner;
    owner.forget(hosted);
    if (![...owner.records.values()].some((r) => r.status === 'running')) return;
    const dir = owner.session.dir;
    const status = dir ? await inspectRunHost(dir).catch(() => undefined) : undefined;
    if (status?.kind === 'live') return; // only this connection went
    const restored = await owner.session.restore(owner.runbook()).catch(() => undefined);
    if (restored) owner.replaceRecords(restored);
    const what = status?.kind === 'dead' ? deadHostSentence(status) : 'the run host exited during the run';
    void vscode.window.showWarningMessage(`Runbook: ${path.basename(owner.uri.fsPath)}: ${what}. Run the step again to continue the session.`);
    owner.postRun();
  }
}

/** A running host before an idle one, then the newest. */
function rank(status: HostStatus): number {
  if (status.kind !== 'live') return 0;
  return (status.info.currentStep ? 1e15 : 0) + Date.parse(status.info.startedAt);
}
