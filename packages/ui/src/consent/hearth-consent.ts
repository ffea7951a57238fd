import type { ConsentAnswer, ConsentRequest } from '@hearth/sdk';
import { defineOnce, el } from '../dom/el.ts';
import { HearthElement } from '../dom/hearth-element.ts';
import { localizeRouteReason, sentenceWith } from '../i18n/plan-reasons.ts';
import { formatByteCount } from '../i18n/ui-strings.ts';

/** What the prompt says besides the request: whether declining still leaves a server. */
export interface ConsentPromptOptions {
  /** The policy allows this site's server: a "no" still gets answers. Default true. */
  serverAllowed?: boolean;
}

/**
 * `<hearth-consent>`: asks before any model byte is downloaded, in plain words: what runs where,
 * how big the download is and how much disk it needs (from the plan and the browser's storage
 * estimate). Accept, decline, or ask later; the first button takes the keyboard focus.
 *
 * @example
 * createHearth({ askConsent: (request) => consentElement.ask(request) });
 */
export class HearthConsentElement extends HearthElement {
  private pending: ((answer: ConsentAnswer) => void) | undefined;
  /** The question on screen, kept to show it again in another language. */
  private asking: { request: ConsentRequest; options: ConsentPromptOptions; room: number | undefined } | undefined;

  protected connected(): void {
    if (!this.pending) this.hidden = true;
  }

  /** Shows the prompt and resolves with the person's answer (`later` when they put it off). */
  async ask(request: ConsentRequest, options: ConsentPromptOptions = {}): Promise<ConsentAnswer> {
    this.pending?.('later');
    const room = await freeStorage();
    return new Promise<ConsentAnswer>((resolve) => {
      this.pending = (value: ConsentAnswer): void => {
        this.pending = undefined;
        this.asking = undefined;
        this.hidden = true;
        this.replaceChildren();
        this.dispatchEvent(new CustomEvent('hearth-consent-answer', { detail: value, bubbles: true }));
        resolve(value);
      };
      this.asking = { request, options, room };
      this.render(0);
    });
  }

  /** The same question in the new words, the focus on the same button. */
  protected relocalize(): void {
    if (!this.asking) return;
    const buttons = [...this.querySelectorAll('button')];
    const focused = buttons.indexOf(document.activeElement as HTMLButtonElement);
    this.render(focused >= 0 ? focused : undefined);
  }

  /** The card for the question being asked; `focus` is the index of the button to focus. */
  private render(focus: number | undefined): void {
    const asking = this.asking;
    const answer = this.pending;
    if (!asking || !answer) return;
    const { request, options, room } = asking;
    const t = this.t();
    const size = formatByteCount(request.downloadBytes, t);
    const disk =
      room === undefined
        ? t.consentDiskUnknown(size)
        : room < request.downloadBytes
          ? t.consentDiskShort(size, formatByteCount(room, t))
          : t.consentDisk(size, formatByteCount(room, t));
    const serverAllowed = options.serverAllowed ?? true;
    const title = el('h2', { id: `${this.idBase()}-title` }, t.consentTitle);
    const accept = el('button', { type: 'button', class: 'hearth-primary' }, t.consentAccept);
    const decline = el('button', { type: 'button' }, serverAllowed ? t.consentDeclineServer : t.consentDeclineNoServer);
    const later = el('button', { type: 'button' }, t.consentLater);
    const card = el(
      'section',
      { class: 'hearth-card', 'aria-labelledby': title.id },
      title,
      el('p', {}, t.consentWhat(request.model, size)),
      el('p', { 'data-part': 'disk' }, disk),
      el('p', { class: 'hearth-detail' }, ...sentenceWith(t.consentWhy, localizeRouteReason(request.route, request.reason, t), t)),
      el('p', {}, serverAllowed ? t.consentIfNoServer : t.consentIfNoNoServer),
      el('div', { class: 'hearth-actions' }, accept, decline, later),
    );
    this.replaceChildren(card);
    this.hidden = false;
    if (focus !== undefined) [accept, decline, later][focus]?.focus();
    accept.addEventListener('click', () => answer('granted'), { once: true });
    decline.addEventListener('click', () => answer('denied'), { once: true });
    later.addEventListener('click', () => answer('later'), { once: true });
  }

  private idBase(): string {
    return this.id || 'hearth-consent';
  }
}

/** Bytes this origin may still store, from the browser's estimate; undefined where there is none. */
async function freeStorage(): Promise<number | undefined> {
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate?.quota === undefined) return undefined;
    return Math.max(0, estimate.quota - (estimate.usage ?? 0));
  } catch {
    return undefined;
  }
}

export function defineHearthConsent(name = 'hearth-consent'): void {
  defineOnce(name, HearthConsentElement);
}
