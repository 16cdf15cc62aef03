// The notebook's toolbar: Run all, Stop, the session picker, Variables, Export Evidence and the
// progress of the run; plus the banner that explains read-only mode (untrusted workspace or a
// finished session) with a link to act on it.
import { isSessionUnfinished } from '../core/run/status';
import { iconButton } from './output/outputView';
import type { FromWebviewMessage, SessionView } from './protocol';

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly checksDone: number;
  readonly checksTotal: number;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly banner: HTMLElement;
  private readonly runAll: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly sessionSelect: HTMLSelectElement;
  private readonly newSession: HTMLButtonElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly finishButton: HTMLButtonElement;
  private readonly variablesButton: HTMLButtonElement;
  private readonly progressText: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly progressFill: HTMLElement;

  constructor(private readonly send: (message: FromWebviewMessage) => void, onVariables: () => void) {
    this.element = document.createElement('div');
    this.element.className = 'rb-toolbar';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', 'Runbook');

    this.runAll = labelled(iconButton('run-all', 'Run all steps', () => send({ type: 'runAll' })), 'Run all', 'rb-run-all rb-primary');
    this.stop = labelled(iconButton('debug-stop', 'Stop the run', () => send({ type: 'cancel' })), 'Stop', 'rb-stop');

    this.sessionSelect = document.createElement('select');
    this.sessionSelect.className = 'rb-session-select';
    this.sessionSelect.setAttribute('aria-label', 'Session');
    this.sessionSelect.addEventListener('change', () => {
      if (this.sessionSelect.value) send({ type: 'openSession', sessionId: this.sessionSelect.value });
    });
    this.newSession = iconButton('add', 'Start a new session', () => send({ type: 'newSession' }));
    this.newSession.classList.add('rb-new-session');
    this.variablesButton = labelled(iconButton('symbol-variable', 'Variables', onVariables), 'Variables', 'rb-variables-button');
    // Its accessible name is its visible label (the tooltip explains; it changes with the state).
    this.finishButton = labelled(iconButton('pass', 'Finish Session', () => send({ type: 'finishSession' })), 'Finish Session', 'rb-finish');
    this.exportButton = labelled(iconButton('export', 'Export evidence of the session', () => send({ type: 'exportEvidence' })), 'Export Evidence', 'rb-export');

    const progress = document.createElement('div');
    progress.className = 'rb-progress';
    this.progressBar = document.createElement('div');
    this.progressBar.className = 'rb-progress-bar';
    this.progressBar.setAttribute('role', 'progressbar');
    this.progressBar.setAttribute('aria-label', 'Steps done');
    this.progressBar.setAttribute('aria-valuemin', '0');
    this.progressFill = document.createElement('div');
    this.progressFill.className = 'rb-progress-fill';
    this.progressBar.append(this.progressFill);
    this.progressText = document.createElement('span');
    this.progressText.className = 'rb-progress-text';
    this.progressText.setAttribute('aria-live', 'polite');
    progress.append(this.progressBar, this.progressText);

    const session = document.createElement('div');
    session.className = 'rb-session';
    const sessionIcon = document.createElement('span');
    sessionIcon.className = 'codicon codicon-history';
    sessionIcon.setAttribute('aria-hidden', 'true');
    session.append(sessionIcon, this.sessionSelect, this.newSession);

    this.element.append(this.runAll, this.stop, separator(), session, this.variablesButton, this.finishButton, this.exportButton, progress);

    this.banner = document.createElement('div');
    this.banner.className = 'rb-banner';
    this.banner.setAttribute('role', 'status');
    this.banner.hidden = true;
  }

  update(state: { readonly readOnlyReason?: string; readonly trusted: boolean; readonly running: boolean; readonly session: SessionView; readonly hasVariables: boolean }): void {
    const blocked = state.readOnlyReason !== undefined;
    this.runAll.disabled = blocked || state.running;
    this.runAll.title = state.readOnlyReason ?? (state.running ? 'A run is in progress' : 'Run all steps');
    this.stop.disabled = !state.running;
    this.exportButton.disabled = !state.session.current;
    this.exportButton.title = state.session.current ? 'Export evidence of the session' : 'Run a step first: evidence is exported from a session';
    this.variablesButton.hidden = !state.hasVariables;
    const current = state.session.current;
    this.finishButton.disabled = !state.trusted || state.running || !current || current.readOnly;
    this.finishButton.title = !current ? 'Run a step first: there is no session yet' : current.readOnly ? `This session is finished (${current.status})` : state.running ? 'A run is in progress' : 'Finish the session: record its overall status and make it read-only';
    this.newSession.disabled = !state.trusted || state.running;
    this.sessionSelect.disabled = state.running;
    this.fillSessions(state.session);
    this.updateBanner(state.trusted, state.session);
  }

  setProgress(p: Progress): void {
    const failed = p.failed ? `, ${p.failed} failed` : '';
    const checks = p.checksTotal ? ` · ${p.checksDone} / ${p.checksTotal} checks` : '';
    this.progressText.textContent = `${p.done} / ${p.total} steps${failed}${checks}`;
    this.progressBar.setAttribute('aria-valuemax', String(p.total));
    this.progressBar.setAttribute('aria-valuenow', String(p.done));
    this.progressBar.setAttribute('aria-valuetext', this.progressText.textContent);
    this.progressFill.style.width = p.total ? `${(100 * p.done) / p.total}%` : '0%';
    this.progressBar.classList.toggle('rb-has-failed', p.failed > 0);
  }

  private fillSessions(view: SessionView): void {
    const options: HTMLOptionElement[] = [];
    if (!view.current) options.push(option('', 'New session (starts on first run)'));
    const seen = new Set<string>();
    for (const s of view.current ? [view.current, ...view.sessions] : view.sessions) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const when = s.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
      const kind = isSessionUnfinished(s.status) ? 'unfinished' : s.status;
      options.push(option(s.id, `${when} — ${kind}`));
    }
    this.sessionSelect.replaceChildren(...options);
    this.sessionSelect.value = view.current?.id ?? '';
  }

  private updateBanner(trusted: boolean, session: SessionView): void {
    this.banner.replaceChildren();
    this.banner.className = 'rb-banner';
    if (!trusted) {
      this.banner.classList.add('rb-banner-untrusted');
      this.banner.append(
        icon('workspace-untrusted'),
        text('Restricted Mode: this workspace is not trusted, so the runbook is read-only and no step can run. '),
        link('Manage Workspace Trust', () => this.send({ type: 'manageTrust' }), 'rb-manage-trust'),
      );
    } else if (session.current?.readOnly) {
      this.banner.classList.add('rb-banner-readonly');
      this.banner.append(
        icon('lock'),
        text(`Finished session (${session.current.status}, started ${session.current.startedAt}), read-only. `),
        link('Start a new session', () => this.send({ type: 'newSession' }), 'rb-banner-new-session'),
      );
    }
    this.banner.hidden = this.banner.childElementCount === 0;
  }
}

function labelled(button: HTMLButtonElement, label: string, classes: string): HTMLButtonElement {
  const span = document.createElement('span');
  span.textContent = label;
  button.append(span);
  button.classList.add('rb-button', ...classes.split(' '));
  return button;
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function separator(): HTMLElement {
  const s = document.createElement('span');
  s.className = 'rb-separator';
  s.setAttribute('role', 'separator');
  return s;
}

function icon(name: string): HTMLElement {
  const s = document.createElement('span');
  s.className = `codicon codicon-${name}`;
  s.setAttribute('aria-hidden', 'true');
  return s;
}

function text(t: string): Text {
  return document.createTextNode(t);
}

function link(label: string, onClick: () => void, className: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = '#';
  a.className = className;
  a.textContent = label;
  a.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return a;
}
