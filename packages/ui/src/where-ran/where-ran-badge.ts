import { defineOnce, el } from '../dom/el.ts';
import { HearthElement } from '../dom/hearth-element.ts';
import { sentenceWith } from '../i18n/plan-reasons.ts';

/**
 * Where an answer ran, as a `route` part (`chunk.hearth.route`, `run()`'s `routes`) reports it.
 * `route` is the older name of `where`; either works.
 */
export interface WhereRan {
  where?: 'device' | 'self-hosted' | 'third-party';
  route?: 'device' | 'self-hosted' | 'third-party';
  engine: string;
  /** cpu, webgpu, browser-model, server */
  backend?: string;
  model?: string;
  reason?: string;
  threads?: number;
  decodeTokensPerSecond?: number;
  /** The person declined the download: the answer came from the server for that reason. */
  declined?: boolean;
  /** The device stopped mid-answer and this route finished it. */
  switched?: boolean;
}

/**
 * `<hearth-where-ran>`: where the answer on screen ran (this device with CPU or GPU, this site's
 * server, a third party), with which model, and why. Plain text only, never HTML, so nothing a
 * model writes can end up as markup here. Announced politely to screen readers.
 *
 * @example
 * for await (const chunk of stream) if (chunk.hearth) badge.update(chunk.hearth.route);
 */
export class WhereRanBadge extends HearthElement {
  private shown: WhereRan | undefined;

  protected connected(): void {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'status');
    if (!this.textContent) this.textContent = this.t().whereNothingYet;
  }

  /** The same answer's origin, in the new words. */
  protected relocalize(): void {
    if (this.shown) this.update(this.shown);
    else this.clear();
  }

  update(info: WhereRan): void {
    this.shown = info;
    const t = this.t();
    const where = info.where ?? info.route ?? 'device';
    const backend = info.backend === 'webgpu' ? t.backendGpu : info.backend === 'browser-model' ? t.backendBrowser : t.backendCpu;
    const head = where === 'device' ? t.whereDevice(`${backend}, ${info.engine}`) : where === 'self-hosted' ? t.whereSelfHosted : t.whereThirdParty;
    const details: Array<Array<string | Node>> = [];
    if (info.model) details.push([t.whereModel(info.model)]);
    if (info.threads !== undefined) details.push([`${info.threads} threads`]);
    if (info.decodeTokensPerSecond !== undefined) details.push([`${info.decodeTokensPerSecond.toFixed(1)} tok/s`]);
    if (info.switched) details.push([t.whereWhy(t.whereSwitched)]);
    else if (info.declined && where !== 'device') details.push([t.whereDeclined]);
    // The route's reason is the planner's English sentence: marked so, in a page in another language.
    else if (info.reason) details.push(sentenceWith(t.whereWhy, { text: info.reason, lang: 'en' }, t));
    this.dataset['route'] = where;
    const detail = details.length ? el('span', { class: 'hearth-detail' }, ...details.flatMap((parts) => [' · ', ...parts])) : '';
    this.replaceChildren(el('span', { class: 'hearth-label' }, `${t.whereTitle}: `), el('span', { class: 'hearth-where' }, head), detail);
  }

  /** Back to "nothing has run yet". */
  clear(): void {
    this.shown = undefined;
    delete this.dataset['route'];
    this.textContent = this.t().whereNothingYet;
  }
}

export function defineWhereRanBadge(name = 'hearth-where-ran'): void {
  defineOnce(name, WhereRanBadge);
}
