/**
 * `<hearth-where-ran>`: tells the user where their text was processed. Plain text content only,
 * never HTML, so nothing a model writes can end up as markup here.
 *
 * @example
 * badge.update({ route: 'device', engine: 'wllama', threads: 2, decodeTokensPerSecond: 41 });
 */
export interface WhereRan {
  route: 'device' | 'self-hosted' | 'third-party';
  engine: string;
  threads?: number;
  decodeTokensPerSecond?: number;
}

const LABEL: Record<WhereRan['route'], string> = {
  device: 'On this device',
  'self-hosted': "On the app owner's server",
  'third-party': 'On a third-party service',
};

export class WhereRanBadge extends HTMLElement {
  update(where: WhereRan): void {
    const details = [where.engine];
    if (where.threads !== undefined) details.push(`${where.threads} thread${where.threads === 1 ? '' : 's'}`);
    if (where.decodeTokensPerSecond !== undefined) details.push(`${where.decodeTokensPerSecond.toFixed(1)} tok/s`);
    this.textContent = `${LABEL[where.route]} · ${details.join(' · ')}`;
    this.dataset['route'] = where.route;
  }
}

export function defineWhereRanBadge(name = 'hearth-where-ran'): void {
  if (!customElements.get(name)) customElements.define(name, WhereRanBadge);
}
