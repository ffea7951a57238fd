import { defineOnce, el } from '../dom/el.ts';
import { HearthElement } from '../dom/hearth-element.ts';
import type { UiStrings } from '../i18n/ui-strings.ts';
import { applySuggestion, mergeSuggestions, shiftAfter, type ProofSuggestion } from '../proofread/proof-suggestion.ts';
import type { AssistProvider, RewriteHow } from './assist-provider.ts';

type Action = 'write' | 'proofread' | RewriteHow | 'undo' | 'stop';
type Field = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

/**
 * `<hearth-assist for="field-id">`: a writing toolbar for any textarea or contenteditable: write
 * from a short instruction; proofread, with suggestions accepted or rejected one by one; shorter,
 * longer, more formal, more casual. Results stream into the field; Undo restores the text as it
 * was before the last change. A WAI-ARIA toolbar: one Tab stop, arrow keys, Home and End, Escape stops.
 *
 * @example
 * <textarea id="body"></textarea><hearth-assist for="body"></hearth-assist>
 * assist.provider = hearthAssistProvider(hearth, { instant: new InstantProofreader() });
 */
export class HearthAssistElement extends HearthElement {
  private assistProvider: AssistProvider | undefined;
  /** Turns an error into words for the status line; default its message (and hint). */
  describeError: (error: unknown) => string = (error) => {
    const e = error as { message?: string; hint?: string };
    return [e.message ?? String(error), e.hint].filter(Boolean).join(' ');
  };
  /** Milliseconds from the Proofread press to the first suggestion shown (the bench reads it). */
  lastFirstSuggestionMs: number | undefined;

  private undoStack: string[] = [];
  private suggestions: ProofSuggestion[] = [];
  private running: AbortController | undefined;
  private buttons = new Map<Action, HTMLButtonElement>();
  private instruction: HTMLInputElement | undefined;
  private status: HTMLParagraphElement | undefined;
  private list: HTMLUListElement | undefined;
  private modelPending = false;
  private said: ((t: UiStrings) => string) | undefined;
  private instructionLabel: HTMLLabelElement | undefined;
  private toolbar: HTMLDivElement | undefined;

  protected connected(): void {
    if (!this.status) this.build();
  }

  /** The same toolbar, suggestions and status line in the new words; the text and undo stay. */
  protected relocalize(): void {
    const t = this.t();
    const labels = this.labels(t);
    for (const [action, button] of this.buttons) button.textContent = labels.get(action) ?? button.textContent;
    this.toolbar?.setAttribute('aria-label', t.toolbarLabel);
    this.list?.setAttribute('aria-label', t.suggestionsLabel);
    if (this.instructionLabel) this.instructionLabel.textContent = t.instructionLabel;
    if (this.instruction) this.instruction.placeholder = t.instructionPlaceholder;
    const focused = [...(this.list?.querySelectorAll('button') ?? [])].indexOf(document.activeElement as HTMLButtonElement);
    this.showSuggestions(this.suggestions);
    if (focused >= 0) this.list?.querySelectorAll('button')[focused]?.focus();
    if (this.said && this.status) this.status.textContent = this.said(t);
  }

  private labels(t: UiStrings): Map<Action, string> {
    return new Map<Action, string>([
      ['write', t.write],
      ['proofread', t.proofread],
      ['shorter', t.shorter],
      ['longer', t.longer],
      ['more-formal', t.formal],
      ['more-casual', t.casual],
      ['undo', t.undo],
      ['stop', t.stop],
    ]);
  }

  /** Where the actions go; until set, the buttons are off. */
  get provider(): AssistProvider | undefined {
    return this.assistProvider;
  }

  set provider(provider: AssistProvider | undefined) {
    this.assistProvider = provider;
    this.refresh();
  }

  /** The field this toolbar works on (`for` attribute). */
  get field(): Field | undefined {
    const id = this.getAttribute('for');
    return (id ? document.getElementById(id) : null) ?? undefined;
  }

  /** The suggestions on screen, in text order. */
  get currentSuggestions(): readonly ProofSuggestion[] {
    return this.suggestions;
  }

  /** Runs an action as its button would (for apps with their own shortcuts). */
  async run(action: Action): Promise<void> {
    switch (action) {
      case 'undo':
        return this.undo();
      case 'stop':
        this.running?.abort();
        return;
      case 'write':
        return this.write();
      case 'proofread':
        return this.proofread();
      default:
        return this.rewrite(action);
    }
  }

  private build(): void {
    const t = this.t();
    const base = this.id || `hearth-assist-${Math.random().toString(36).slice(2, 8)}`;
    this.instruction = el('input', { id: `${base}-instruction`, type: 'text', placeholder: t.instructionPlaceholder, autocomplete: 'off' });
    this.instruction.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.run('write');
      }
    });
    const toolbar = el('div', { role: 'toolbar', 'aria-label': t.toolbarLabel });
    const fieldId = this.getAttribute('for');
    if (fieldId) toolbar.setAttribute('aria-controls', fieldId);
    this.toolbar = toolbar;
    for (const [action, label] of this.labels(t)) {
      const button = el('button', { type: 'button', tabindex: '-1', class: action === 'write' ? 'hearth-primary' : undefined, 'data-action': action }, label);
      button.addEventListener('click', () => {
        if (button.getAttribute('aria-disabled') === 'true') return;
        void this.run(action);
      });
      this.buttons.set(action, button);
      toolbar.append(button);
    }
    this.buttons.get('write')!.tabIndex = 0;
    toolbar.addEventListener('keydown', (event) => this.onToolbarKey(event));
    toolbar.addEventListener('focusin', (event) => {
      // The toolbar remembers the last button used: Tab comes back to it.
      for (const b of this.buttons.values()) b.tabIndex = b === event.target ? 0 : -1;
    });
    this.status = el('p', { role: 'status', class: 'hearth-status' });
    this.list = el('ul', { class: 'hearth-suggestions', 'aria-label': t.suggestionsLabel, hidden: true });
    this.instructionLabel = el('label', { for: this.instruction.id }, t.instructionLabel);
    this.replaceChildren(el('div', { class: 'hearth-instruction' }, this.instructionLabel, this.instruction), toolbar, this.status, this.list);
    this.field?.addEventListener('input', () => {
      // Edited by hand: the suggestions' positions no longer hold.
      if (this.suggestions.length && !this.running) this.showSuggestions([]);
    });
    this.refresh();
  }

  private onToolbarKey(event: KeyboardEvent): void {
    const order = [...this.buttons.values()];
    const at = order.indexOf(document.activeElement as HTMLButtonElement);
    let next: number | undefined;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (at + 1) % order.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (at - 1 + order.length) % order.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = order.length - 1;
    else if (event.key === 'Escape' && this.running) {
      this.running.abort();
      event.preventDefault();
      return;
    }
    if (next === undefined) return;
    event.preventDefault();
    order[next]?.focus();
  }

  private refresh(): void {
    const busy = this.running !== undefined;
    for (const [action, button] of this.buttons) {
      const off = action === 'stop' ? !busy : action === 'undo' ? busy || this.undoStack.length === 0 : busy || !this.provider;
      button.setAttribute('aria-disabled', String(off));
    }
    this.setAttribute('aria-busy', String(busy));
  }

  /** The status line, kept as a function of the strings so a language switch can say it again. */
  private say(text: (t: UiStrings) => string): void {
    this.said = text;
    if (this.status) this.status.textContent = text(this.t());
  }

  private getText(): string {
    const f = this.field;
    if (!f) return '';
    return f instanceof HTMLTextAreaElement || f instanceof HTMLInputElement ? f.value : (f.textContent ?? '');
  }

  private setText(text: string): void {
    const f = this.field;
    if (!f) return;
    if (f instanceof HTMLTextAreaElement || f instanceof HTMLInputElement) f.value = text;
    else f.textContent = text;
  }

  /** Streams an action's text into the field; on failure or nothing written, the field goes back. */
  private async stream(make: (signal: AbortSignal) => AsyncIterable<string>, prefix: string, before: string): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.undoStack.push(before);
    this.showSuggestions([]);
    this.refresh();
    let written = '';
    try {
      for await (const delta of make(controller.signal)) {
        written += delta;
        this.setText(prefix + written);
      }
      if (written.trim() === '') {
        this.setText(before);
        this.undoStack.pop();
      }
      this.say(controller.signal.aborted ? (t) => t.stopped : (t) => t.done);
      this.dispatchEvent(new CustomEvent('hearth-assist-done', { bubbles: true }));
    } catch (error) {
      if (controller.signal.aborted) this.say((t) => t.stopped);
      else {
        if (written === '') {
          this.setText(before);
          this.undoStack.pop();
        }
        this.fail(error);
      }
    } finally {
      this.running = undefined;
      this.refresh();
    }
  }

  private fail(error: unknown): void {
    this.say(() => this.describeError(error));
    this.dispatchEvent(new CustomEvent('hearth-assist-error', { detail: error, bubbles: true }));
  }

  private async write(): Promise<void> {
    const provider = this.provider;
    const instruction = this.instruction?.value.trim() ?? '';
    if (!provider) return;
    if (!instruction) {
      this.say((t) => t.nothingToWrite);
      this.instruction?.focus();
      return;
    }
    const before = this.getText();
    this.say((t) => t.writing);
    const prefix = before.trim() ? `${before.replace(/\s+$/, '')}\n\n` : '';
    await this.stream((signal) => provider.write(instruction, { signal, ...(before.trim() ? { context: before } : {}) }), prefix, before);
  }

  private async rewrite(how: RewriteHow): Promise<void> {
    const provider = this.provider;
    if (!provider) return;
    const before = this.getText();
    if (!before.trim()) {
      this.say((t) => t.nothingToRewrite);
      return;
    }
    this.say((t) => t.working);
    await this.stream((signal) => provider.rewrite(before, how, { signal }), '', before);
  }

  private async proofread(): Promise<void> {
    const provider = this.provider;
    if (!provider) return;
    const text = this.getText();
    if (!text.trim()) {
      this.say((t) => t.nothingToRewrite);
      return;
    }
    const started = performance.now();
    this.lastFirstSuggestionMs = undefined;
    const controller = new AbortController();
    this.running = controller;
    this.refresh();
    this.say((t) => t.proofreading);
    this.showSuggestions([]);
    let instant: ProofSuggestion[] = [];
    let modelFailed = false;
    this.modelPending = provider.proofread !== undefined;
    const model = provider.proofread?.(text, { signal: controller.signal });
    model?.catch(() => {});
    try {
      if (provider.instant) {
        try {
          instant = await provider.instant(text);
          if (this.getText() === text) this.showSuggestions(instant, started);
        } catch (error) {
          modelFailed = true;
          this.fail(error);
        }
      }
      let modelError: unknown;
      const fromModel = model ? await model.catch((error: unknown) => ((modelError = error), [] as ProofSuggestion[])) : [];
      this.modelPending = false;
      if (this.getText() !== text) return;
      // Rejected meanwhile: those stay rejected, and the model's edits there stay out too.
      const decided = instant.filter((s) => !this.suggestions.includes(s));
      this.showSuggestions(
        mergeSuggestions(instant, fromModel).filter((s) => !decided.includes(s)),
        modelFailed ? undefined : started,
      );
      if (modelError !== undefined && !controller.signal.aborted) {
        modelFailed = true;
        this.say((t) => t.modelSuggestionsFailed(this.describeError(modelError)));
        this.dispatchEvent(new CustomEvent('hearth-assist-error', { detail: modelError, bubbles: true }));
      }
    } finally {
      this.modelPending = false;
      this.running = undefined;
      this.refresh();
      if (controller.signal.aborted) this.say((t) => t.stopped);
      else if (!modelFailed) this.announceCount();
    }
  }

  private announceCount(): void {
    const n = this.suggestions.length;
    const pending = this.modelPending;
    this.say((t) => (pending ? t.proofreadingMore(n) : n === 0 ? t.noSuggestions : t.suggestionsFound(n)));
  }

  private showSuggestions(list: ProofSuggestion[], started?: number): void {
    this.suggestions = list;
    const ul = this.list;
    if (!ul) return;
    const t = this.t();
    const source = { harper: t.sourceHarper, hunspell: t.sourceHunspell, model: t.sourceModel } as const;
    ul.replaceChildren(
      ...list.map((s, index) => {
        const from = s.original || '∅';
        const to = s.replacement || t.removal;
        const by = s.confirmedBy ? t.sourceBoth(source[s.source], source[s.confirmedBy]) : source[s.source];
        const accept = el(
          'button',
          { type: 'button', class: 'hearth-primary', 'aria-label': `${t.acceptNamed(from, to)} (${by})`, 'data-source': s.source },
          t.accept,
        );
        const reject = el('button', { type: 'button', 'aria-label': `${t.rejectNamed(from, to)} (${by})`, 'data-source': s.source }, t.reject);
        accept.addEventListener('click', () => this.decide(s, true, index));
        reject.addEventListener('click', () => this.decide(s, false, index));
        return el(
          'li',
          { 'data-source': s.source },
          el('span', { class: 'hearth-change' }, el('del', {}, from), ' → ', el('ins', {}, to)),
          // harper explains in English whatever the page's language: marked so for screen readers.
          el(
            'span',
            { class: 'hearth-source' },
            by,
            ...(s.message ? [': ', s.source === 'harper' && t.locale !== 'en' ? el('span', { lang: 'en' }, s.message) : s.message] : []),
          ),
          accept,
          reject,
        );
      }),
    );
    ul.hidden = list.length === 0;
    if (list.length > 0 && started !== undefined && this.lastFirstSuggestionMs === undefined) {
      this.lastFirstSuggestionMs = performance.now() - started;
      this.dispatchEvent(new CustomEvent('hearth-first-suggestion', { detail: this.lastFirstSuggestionMs, bubbles: true }));
    }
    if (started !== undefined) this.announceCount();
  }

  private decide(s: ProofSuggestion, accept: boolean, index: number): void {
    const rest = this.suggestions.filter((x) => x !== s);
    if (accept) {
      const text = this.getText();
      const next = applySuggestion(text, s);
      if (next === undefined) {
        this.showSuggestions([]);
        return;
      }
      this.undoStack.push(text);
      this.setText(next);
      this.field?.dispatchEvent(new Event('hearth-change', { bubbles: true }));
      this.suggestions = shiftAfter(rest, s);
    } else this.suggestions = rest;
    this.showSuggestions(this.suggestions);
    // The last one decided: the list is done, which says nothing of errors the checkers missed.
    if (this.suggestions.length === 0 && !this.modelPending) this.say((t) => t.allHandled);
    else this.announceCount();
    this.refresh();
    // Focus stays in the list: the suggestion that took this one's place, else the toolbar.
    const buttons = this.list?.querySelectorAll<HTMLButtonElement>('li button.hearth-primary');
    const target = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)] ?? this.buttons.get('proofread');
    target?.focus();
  }

  private undo(): void {
    const previous = this.undoStack.pop();
    if (previous === undefined) return;
    this.setText(previous);
    this.showSuggestions([]);
    this.say((t) => t.undone);
    this.refresh();
  }
}

export function defineHearthAssist(name = 'hearth-assist'): void {
  defineOnce(name, HearthAssistElement);
}
