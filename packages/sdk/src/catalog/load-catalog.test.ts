import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HearthError } from '@hearth/spec';
import { mergeCatalog, parseCatalog, shippedCatalog } from './load-catalog.ts';
import shipped from './models.json' with { type: 'json' };

/** A deep copy of the shipped catalog's first model, to break one field at a time. */
function firstModel(): Record<string, unknown> {
  return structuredClone(shipped.models[0]) as unknown as Record<string, unknown>;
}

function rejection(work: () => unknown): HearthError {
  try {
    work();
  } catch (error) {
    if (HearthError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a HearthError');
}

describe('the shipped catalog', () => {
  it('validates, with unique ids, every model the issue names and the demo model', () => {
    const ids = shippedCatalog().models.map((m) => m.id);
    expect(ids).toEqual([
      'qwen2.5-0.5b-instruct',
      'qwen2.5-1.5b-instruct',
      'qwen2.5-3b-instruct',
      'llama-3.2-1b-instruct',
      'llama-3.2-3b-instruct',
      'smollm2-360m-instruct',
      'smollm2-1.7b-instruct',
      'phi-3.5-mini-instruct',
      'mistral-7b-instruct-v0.3',
      'hearth-demo-tiny',
      'hearth-scribe-17m',
    ]);
  });

  it('lists Hearth Scribe as the committed GGUF is: its size, context and shape', () => {
    const scribe = shippedCatalog().models.find((m) => m.id === 'hearth-scribe-17m')!;
    const path = fileURLToPath(new URL('../../../../models/hearth-scribe/hearth-scribe-17m-q8_0.gguf', import.meta.url));
    expect(scribe.variants[0]!.sizeBytes).toBe(statSync(path).size);
    const record = JSON.parse(readFileSync(join(dirname(path), 'training-record.json'), 'utf8')) as {
      training: { parameters: number; settings: Record<string, number> };
    };
    expect(scribe.parameters).toBe(record.training.parameters);
    const { dim, layers, heads, ffn, ctx } = record.training.settings;
    expect(scribe.architecture).toMatchObject({ embeddingLength: dim, blockCount: layers, headCount: heads, feedForwardLength: ffn, tiedEmbeddings: true });
    expect(scribe.contextLength).toBe(ctx);
    expect(scribe.demo).toBeFalsy();
  });

  it('pins every downloadable file to a commit and says where each fact came from', () => {
    for (const model of shippedCatalog().models) {
      expect(model.source.length).toBeGreaterThan(8);
      for (const variant of model.variants) {
        expect(variant.source).toMatch(/huggingface\.co|resolve-model\.ts/);
        for (const file of variant.files ?? []) {
          // A URL at a commit names one exact file; "main" could change under the SHA-256.
          expect(file.url).toMatch(/\/resolve\/[0-9a-f]{40}\//);
          expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
        }
      }
      for (const build of model.mlc ?? []) expect(build.source).toContain('ANCHORS.md');
    }
  });

  it("carries WebLLM's vram_required_MB from ANCHORS.md", () => {
    const vram = Object.fromEntries(shippedCatalog().models.flatMap((m) => (m.mlc ?? []).map((b) => [b.id, b.vramRequiredMB])));
    expect(vram).toEqual({
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': 945,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': 1630,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': 879,
      'Llama-3.2-3B-Instruct-q4f16_1-MLC': 2264,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': 3672,
    });
  });
});

describe('validation names the bad field', () => {
  const cases: Array<[string, (m: Record<string, unknown>) => void, string | RegExp]> = [
    [
      'a bad SHA-256',
      (m) => ((m['variants'] as Array<{ files: Array<Record<string, unknown>> }>)[0]!.files[0]!['sha256'] = 'abc'),
      'models[0].variants[0].files[0].sha256: must be 64 lowercase hex digits',
    ],
    ['an unknown prompt family', (m) => (m['promptFamily'] = 'alpaca'), /models\[0\]\.promptFamily/],
    ['an unknown task', (m) => (m['goodFor'] = ['poetry']), /models\[0\]\.goodFor\[0\]/],
    ['a missing license', (m) => delete m['license'], /models\[0\]\.license/],
    [
      'a size that does not add up',
      (m) => ((m['variants'] as Array<Record<string, unknown>>)[0]!['sizeBytes'] = 1),
      /models\[0\]\.variants\[0\]\.sizeBytes: must equal the sum/,
    ],
    [
      'kv heads that do not divide the heads',
      (m) => ((m['architecture'] as Record<string, unknown>)['headCountKv'] = 3),
      /models\[0\]\.architecture\.headCountKv/,
    ],
    [
      'a file URL on another scheme',
      (m) => ((m['variants'] as Array<{ files: Array<Record<string, unknown>> }>)[0]!.files[0]!['url'] = 'ftp://x/y.gguf'),
      /models\[0\]\.variants\[0\]\.files\[0\]\.url: must be an http\(s\) URL/,
    ],
    [
      'a fact without a source',
      (m) => ((m['architecture'] as Record<string, unknown>)['source'] = ''),
      /models\[0\]\.architecture\.source: say where this fact comes from/,
    ],
    ['an unknown field (a typo)', (m) => (m['contextLenght'] = 4096), /models\[0\]/],
    [
      'a variant with neither files nor manifest',
      (m) => delete (m['variants'] as Array<Record<string, unknown>>)[0]!['files'],
      /models\[0\]\.variants\[0\]\.files: needs files or a manifestUrl/,
    ],
  ];
  for (const [what, breakIt, message] of cases) {
    it(`rejects ${what}`, () => {
      const model = firstModel();
      breakIt(model);
      const error = rejection(() => parseCatalog({ catalogVersion: 1, models: [model] }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(message);
      expect(typeof error.data?.['field']).toBe('string');
    });
  }

  it('rejects a duplicate id', () => {
    const error = rejection(() => parseCatalog({ catalogVersion: 1, models: [firstModel(), firstModel()] }));
    expect(error.message).toContain('models[1].id "qwen2.5-0.5b-instruct" appears twice');
  });
});

describe('mergeCatalog (an app adds its own models)', () => {
  it('adds a valid app model after the shipped ones', () => {
    const mine = { ...firstModel(), id: 'acme-mail-tuned', name: 'Acme mail (fine-tuned Qwen2.5 0.5B)' };
    const merged = mergeCatalog(shippedCatalog(), [mine]);
    expect(merged.models.at(-1)?.id).toBe('acme-mail-tuned');
    expect(merged.models).toHaveLength(shippedCatalog().models.length + 1);
  });

  it('validates app models exactly as the shipped ones, naming the entry', () => {
    const bad = { ...firstModel(), id: 'Bad Id' };
    expect(rejection(() => mergeCatalog(shippedCatalog(), [bad])).message).toMatch(/^app models\[0\]: id: use lowercase/);
  });

  it('refuses to shadow a shipped id unless told to replace it', () => {
    const same = { ...firstModel(), name: 'My Qwen' };
    expect(rejection(() => mergeCatalog(shippedCatalog(), [same])).message).toContain('reuse ids already in the catalog: qwen2.5-0.5b-instruct');
    const replaced = mergeCatalog(shippedCatalog(), [same], { replace: true });
    expect(replaced.models.filter((m) => m.id === 'qwen2.5-0.5b-instruct').map((m) => m.name)).toEqual(['My Qwen']);
  });
});
