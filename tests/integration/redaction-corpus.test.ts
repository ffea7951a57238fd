import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createStreamingRestorer, PII_TYPES, Redactor } from '@hearth/sdk/privacy';
import { ratioOf, scoreRedaction, type LabelledMessage } from '@hearth/tools';

// The redactor measured on the labelled corpus (tests/privacy-corpus/), which was written blind to
// its code: precision and recall per type, near misses left alone, and exact restoration.

const corpus = JSON.parse(await readFile(new URL('../privacy-corpus/corpus.json', import.meta.url), 'utf8')) as LabelledMessage[];

const { byType: score, nearMissesRedacted, missed, wrong } = scoreRedaction(corpus);
const ratio = ratioOf;

describe('the redactor on the labelled corpus (336 messages, EN/FR/DE)', () => {
  it('prints precision and recall per type', () => {
    const rows = PII_TYPES.map(
      (t) =>
        `${t.padEnd(7)} recall ${ratio(score[t].found, score[t].gold).toFixed(3)} (${score[t].found}/${score[t].gold})  precision ${ratio(score[t].correct, score[t].predicted).toFixed(3)} (${score[t].correct}/${score[t].predicted})`,
    );
    console.log(`[redaction] per type\n${rows.join('\n')}\n[redaction] missed:\n${missed.join('\n')}\n[redaction] wrongly redacted:\n${wrong.join('\n')}`);
    expect(rows).toHaveLength(PII_TYPES.length);
  });

  it('recall is 100 % for emails, valid cards, valid IBANs and app terms', () => {
    for (const t of ['email', 'card', 'iban', 'term'] as const)
      expect(score[t].found, `${t}: ${missed.filter((m) => m.includes(` ${t} `)).join('; ')}`).toBe(score[t].gold);
  });

  it('recall is at least 0.95 for phones, IPs, URLs, secrets and IDs', () => {
    for (const t of ['phone', 'ip', 'url', 'secret', 'id'] as const)
      expect(ratio(score[t].found, score[t].gold), `${t}: ${missed.filter((m) => m.includes(` ${t} `)).join('; ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('precision is at least 0.95 overall, and no near miss is redacted', () => {
    const predicted = PII_TYPES.reduce((n, t) => n + score[t].predicted, 0);
    const correct = PII_TYPES.reduce((n, t) => n + score[t].correct, 0);
    expect(ratio(correct, predicted), wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(nearMissesRedacted).toEqual([]);
  });

  it('restore gives back the exact original for every corpus string, whole and split at every chunk boundary', () => {
    for (const item of corpus) {
      const redactor = new Redactor(item.terms ? { terms: item.terms } : {});
      const { text } = redactor.redact(item.text);
      expect(redactor.restore(text)).toBe(item.text);
      // An answer that repeats the redacted text, streamed in two chunks split at every point.
      for (let cut = 0; cut <= text.length; cut++) {
        const restorer = createStreamingRestorer(redactor);
        const out = restorer.push(text.slice(0, cut)) + restorer.push(text.slice(cut)) + restorer.flush();
        if (out !== item.text) expect(out, `${item.id} split at ${cut}`).toBe(item.text);
      }
    }
  });
});
