// The variables form: one field per front-matter variable (secrets in password inputs, choices
// in a select). Values live only in memory here and go to the host on submit; they are never
// stored in the webview's persisted state.
import type { VariableSpec } from '../core/format/model';
import type { FromWebviewMessage } from './protocol';

export class VariablesForm {
  readonly element: HTMLFormElement;
  private readonly fields = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly list: HTMLElement;
  private readonly message: HTMLElement;
  /** Shown in the header after a run waiting for values was cancelled here: why nothing ran. */
  readonly notice: HTMLElement;
  private missing: readonly string[] = [];
  private requestId: number | undefined;
  private specs: readonly VariableSpec[] = [];

  constructor(private readonly send: (message: FromWebviewMessage) => void) {
    this.element = document.createElement('form');
    this.element.className = 'rb-variables';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Runbook variables');
    const heading = document.createElement('h2');
    heading.textContent = 'Variables';
    this.message = document.createElement('p');
    this.message.className = 'rb-variables-message';
    this.message.setAttribute('role', 'status');
    this.notice = document.createElement('p');
    this.notice.className = 'rb-variables-notice';
    this.notice.setAttribute('role', 'status');
    this.notice.hidden = true;
    this.list = document.createElement('div');
    this.list.className = 'rb-variables-fields';
    const buttons = document.createElement('div');
    buttons.className = 'rb-variables-buttons';
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'rb-button rb-primary rb-variables-submit';
    submit.textContent = 'Use these values';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'rb-button rb-variables-cancel';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => this.close(true));
    buttons.append(submit, cancel);
    this.element.append(heading, this.message, this.list, buttons);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.element.reportValidity()) return;
      const values: Record<string, string> = {};
      for (const [name, field] of this.fields) if (field.value !== '') values[name] = field.value;
      this.send(this.requestId === undefined ? { type: 'submitVariables', values } : { type: 'submitVariables', values, requestId: this.requestId });
      this.requestId = undefined;
      this.missing = [];
      this.notice.hidden = true;
      this.element.hidden = true;
    });
  }

  get hasVariables(): boolean {
    return this.specs.length > 0;
  }

  setSpecs(specs: readonly VariableSpec[]): void {
    const previous = new Map([...this.fields].map(([name, field]) => [name, field.value]));
    this.specs = specs;
    this.fields.clear();
    this.list.replaceChildren(...specs.map((spec) => this.field(spec, previous.get(spec.name))));
  }

  toggle(): void {
    if (this.element.hidden) this.open([], undefined);
    else this.close(true);
  }

  /** Opens the form; `missing` fields are marked and the first one focused. */
  open(missing: readonly string[], requestId: number | undefined): void {
    this.requestId = requestId;
    this.missing = requestId === undefined ? [] : missing;
    this.element.hidden = false;
    this.notice.hidden = true;
    this.message.textContent = missing.length ? `The run waits for: ${missing.join(', ')}. Enter ${missing.length === 1 ? 'a value' : 'values'} to start it, or Cancel.` : '';
    for (const [name, field] of this.fields) {
      field.closest('.rb-variable')?.classList.toggle('rb-missing', missing.includes(name));
      // A run is waiting for these: the form does not submit without them.
      field.required = this.missing.includes(name) || this.requiredByDeclaration(name);
    }
    const first = missing.map((name) => this.fields.get(name)).find(Boolean) ?? [...this.fields.values()][0];
    first?.focus();
  }

  close(cancelled: boolean): void {
    if (cancelled && this.requestId !== undefined) {
      this.send({ type: 'cancelVariables', requestId: this.requestId });
      this.notice.textContent = `Nothing ran: ${this.missing.join(', ')} ${this.missing.length === 1 ? 'has' : 'have'} no value. Open Variables to enter ${this.missing.length === 1 ? 'it' : 'them'}, then run again.`;
      this.notice.hidden = false;
    }
    this.requestId = undefined;
    this.missing = [];
    this.element.hidden = true;
  }

  /** The run started (or the form was answered): the "nothing ran" notice no longer applies. */
  clearNotice(): void {
    this.notice.hidden = true;
  }

  private requiredByDeclaration(name: string): boolean {
    const spec = this.specs.find((s) => s.name === name);
    return spec !== undefined && spec.required && spec.default === undefined;
  }

  private field(spec: VariableSpec, previous: string | undefined): HTMLElement {
    const row = document.createElement('div');
    row.className = 'rb-variable';
    const label = document.createElement('label');
    const id = `rb-var-${spec.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    label.htmlFor = id;
    label.textContent = spec.required ? `${spec.name} *` : spec.name;
    let field: HTMLInputElement | HTMLSelectElement;
    if (spec.choices?.length) {
      const select = document.createElement('select');
      for (const choice of ['', ...spec.choices]) {
        const option = document.createElement('option');
        option.value = choice;
        option.textContent = choice || '(choose)';
        select.append(option);
      }
      field = select;
    } else {
      const input = document.createElement('input');
      input.type = spec.secret ? 'password' : 'text';
      input.autocomplete = 'off';
      input.spellcheck = false;
      if (spec.pattern) input.pattern = spec.pattern;
      if (spec.default !== undefined) input.placeholder = spec.default;
      field = input;
    }
    field.id = id;
    field.name = spec.name;
    field.value = previous ?? '';
    field.required = spec.required && spec.default === undefined;
    if (spec.secret) field.dataset.secret = 'true';
    this.fields.set(spec.name, field);
    row.append(label, field);
    if (spec.description || spec.secret) {
      const hint = document.createElement('span');
      hint.className = 'rb-variable-hint';
      hint.textContent = [spec.description, spec.secret ? 'Secret: masked in output, never saved.' : ''].filter(Boolean).join(' ');
      hint.id = `${id}-hint`;
      field.setAttribute('aria-describedby', hint.id);
      row.append(hint);
    }
    return row;
  }
}
