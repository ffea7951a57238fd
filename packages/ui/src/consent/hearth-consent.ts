import type { ConsentAnswer, ConsentRequest } from '@hearth/sdk';
import { defineOnce, el } from '../dom/el.ts';
import { localizeRouteReason, sentenceWith } from '../i18n/plan-reasons.ts';
import { formatByteCount, stringsFor, type UiStrings } from '../i18n/ui-strings.ts';
import { adoptHearthTheme } from '../theme/hearth-theme.ts';

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
export class HearthConsentElement extends HTMLElement {
  /** Strings to show instead of the ones for the page's language. */
  strings: UiStrings | undefined;
  private pending: ((answer: ConsentAnswer) => void) | undefined;

  connectedCallback(): void {
    adoptHearthTheme();
    if (!this.pending) this.hidden = true;
  }

  /** Shows the prompt and resolves with the person's answer (`later` when they put it off). */
  async ask(request: ConsentRequest, options: ConsentPromptOptions = {}): Promise<ConsentAnswer> {
    this.pending?.('later');
    const t = this.strings ?? stringsFor(this);
    const size = formatByteCount(request.downloadBytes, t);
    const room = await freeStorage();
    const disk = room === undefined ? t.consentDiskUnknown(size) : room < request.downloadBytes ? t.consentDiskShort(size, formatByteCount(room, t)) : t.consentDisk(size, formatByteCount(room, t));
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
    accept.focus();
    return new Promise<ConsentAnswer>((resolve) => {
      const answer = (value: ConsentAnswer): void => {
        this.pending = undefined;
        this.hidden = true;
        this.replaceChildren();
        this.dispatchEvent(new CustomEvent('hearth-consent-answer', { detail: value, bubbles: true }));
        resolve(value);
      };
      this.pending = answer;
      accept.addEventListener('click', () => answer('granted'), { once: true });
      decline.addEventListener('click', () => answer('denied'), { once: true });
      later.addEventListener('click', () => answer('later'), { once: true });
    });
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
