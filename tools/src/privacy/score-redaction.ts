import { PII_TYPES, Redactor, type PiiType } from '@hearth/sdk/privacy';

/** One labelled message of tests/privacy-corpus/corpus.json. */
export interface LabelledMessage {
  id: string;
  lang: string;
  text: string;
  terms?: string[];
  entities: Array<{ type: PiiType; start: number; end: number; value: string }>;
  nearMisses: Array<{ kind: string; start: number; end: number; value: string }>;
}

export interface RedactionScore {
  /** Per type: gold entities, those fully redacted as that type, predictions, and those that hit a gold entity of their type. */
  byType: Record<PiiType, { gold: number; found: number; predicted: number; correct: number }>;
  nearMissesRedacted: string[];
  missed: string[];
  wrong: string[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/**
 * The redactor scored on labelled messages: recall counts a gold entity found when a prediction
 * of its type covers all of it; precision counts a prediction correct when it overlaps a gold
 * entity of its type; a near miss counts as redacted when any prediction overlaps it.
 */
export function scoreRedaction(items: readonly LabelledMessage[]): RedactionScore {
  const byType = Object.fromEntries(PII_TYPES.map((t) => [t, { gold: 0, found: 0, predicted: 0, correct: 0 }])) as RedactionScore['byType'];
  const score: RedactionScore = { byType, nearMissesRedacted: [], missed: [], wrong: [] };
  for (const item of items) {
    const { entities } = new Redactor(item.terms ? { terms: item.terms } : {}).redact(item.text);
    for (const gold of item.entities) {
      byType[gold.type].gold++;
      if (entities.some((p) => p.type === gold.type && p.start <= gold.start && p.end >= gold.end)) byType[gold.type].found++;
      else score.missed.push(`${item.id} ${gold.type} ${JSON.stringify(gold.value)}`);
    }
    for (const p of entities) {
      byType[p.type].predicted++;
      if (item.entities.some((g) => g.type === p.type && overlaps(g, p))) byType[p.type].correct++;
      else score.wrong.push(`${item.id} ${p.type} ${JSON.stringify(item.text.slice(p.start, p.end))}`);
      for (const near of item.nearMisses)
        if (overlaps(near, p) && !item.entities.some((g) => overlaps(g, near)))
          score.nearMissesRedacted.push(`${item.id} ${near.kind} ${JSON.stringify(near.value)} as ${p.type}`);
    }
  }
  return score;
}

export const ratioOf = (n: number, d: number): number => (d === 0 ? 1 : n / d);
