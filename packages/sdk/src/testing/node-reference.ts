import type { GenerateResult, StreamPart } from '@hearth/spec';
import { NodeLlamaCppEngine } from '../engines/node-llama-cpp/node-llama-cpp-engine.ts';
import { collectParts } from './conformance-drivers.ts';
import { CONFORMANCE_CONTEXT, referenceRequest } from './engine-conformance.ts';

/** The cross-engine truth a conformance run compares against: text, deltas, token ids, usage. */
export type Reference = GenerateResult & { deltas: string[] };

/**
 * node-llama-cpp's greedy answer to the conformance request: what every engine must match.
 * `kvCache: 'f32'` runs llama-wasm's default graph (F32 KV cache, flash attention off).
 *
 * @example let reference: Reference; beforeAll(async () => void (reference = await nodeReference(modelPath)));
 */
export async function nodeReference(modelPath: string, options: { kvCache?: 'f16' | 'f32' } = {}): Promise<Reference> {
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1, ...options });
  await engine.load({ source: { type: 'path', path: modelPath }, contextSize: CONFORMANCE_CONTEXT });
  try {
    return referenceFromParts(await collectParts(engine, referenceRequest));
  } finally {
    await engine.unload();
  }
}

/** A finished run's parts as a Reference (throws when the run did not finish). */
export function referenceFromParts(parts: StreamPart[]): Reference {
  const end = parts[parts.length - 1];
  if (end?.type !== 'finish') throw new Error(`reference generation failed: ${JSON.stringify(end)}`);
  const deltas = parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : []));
  const tokenIds = parts.flatMap((p) => (p.type === 'text-delta' ? [...(p.tokenIds ?? [])] : []));
  return { text: deltas.join(''), deltas, tokenIds, finishReason: end.finishReason, usage: end.usage };
}
