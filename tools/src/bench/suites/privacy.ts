// Redaction speed on a 2 KB email (what one request pays before it leaves the device) and the
// redactor's precision and recall per type on the labelled corpus (tests/privacy-corpus/).
import { readFileSync } from 'node:fs';
import { PII_TYPES, Redactor } from '@hearth/sdk/privacy';
import { summarize, type BenchContext } from '../bench-context.ts';
import { ratioOf, scoreRedaction, type LabelledMessage } from '../../privacy/score-redaction.ts';

export async function privacySuite(ctx: BenchContext): Promise<void> {
  const corpus = JSON.parse(readFileSync(new URL('../../../../tests/privacy-corpus/corpus.json', import.meta.url), 'utf8')) as LabelledMessage[];
  // A 2 KB email: corpus messages, with their entities, joined until 2,048 characters.
  let email = '';
  for (const item of corpus) {
    if (email.length >= 2048) break;
    email += `${item.text}\n\n`;
  }
  email = email.slice(0, 2048);
  const repeats = ctx.quick ? 200 : 1000;
  for (let i = 0; i < 20; i++) new Redactor().redact(email);
  const ms: number[] = [];
  const started = performance.now();
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    new Redactor().redact(email);
    ms.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = new TextEncoder().encode(email).length;
  const sorted = [...ms].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  const mbPerS = Math.round(((bytes * repeats) / seconds / 1e6) * 100) / 100;
  ctx.result('redact_mb_per_s', { value: mbPerS, min: mbPerS, max: mbPerS, unit: 'MB/s', repeats, how: `new Redactor().redact() on a ${bytes}-byte email of corpus messages (every entity type), ${repeats} times in Node` });
  ctx.result('redact_p99_ms', { ...summarize(ms, 'ms', `one redact() of the ${bytes}-byte email; value is the 99th percentile of ${repeats}`), value: Math.round(p99 * 1000) / 1000 });
  const score = scoreRedaction(corpus);
  for (const type of PII_TYPES) {
    const s = score.byType[type];
    const recall = Math.round(ratioOf(s.found, s.gold) * 1000) / 1000;
    const precision = Math.round(ratioOf(s.correct, s.predicted) * 1000) / 1000;
    ctx.detail(`redact_recall_${type}`, { value: recall, min: recall, max: recall, unit: 'ratio', repeats: s.gold, how: `${type} entities in the corpus fully redacted as ${type} (${s.found}/${s.gold})` });
    ctx.detail(`redact_precision_${type}`, { value: precision, min: precision, max: precision, unit: 'ratio', repeats: s.predicted, how: `${type} redactions that hit a labelled ${type} (${s.correct}/${s.predicted})` });
  }
  const leaked = score.nearMissesRedacted.length;
  ctx.detail('redact_near_misses_redacted', { value: leaked, min: leaked, max: leaked, unit: 'count', repeats: corpus.length, how: 'labelled near misses (dates, amounts, order numbers, failing checksums…) that were redacted' });
}
