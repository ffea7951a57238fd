import { FIXTURE_TENSOR_TYPES, MODEL_QUANTIZATIONS, type ModelQuantization } from './tensor-encoding.ts';

/** Everything that determines a fixture model's bytes (with the writer's version). */
export interface LlamaModelSpec {
  /** `general.name`, and the start of cached file names. */
  name: string;
  /** Encoding of the token embedding, output and attention/FFN matrices (one type, or the q4_k_m mix); norms stay F32. */
  type: ModelQuantization;
  vocabSize: number;
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  headCountKv: number;
  feedForwardLength: number;
  contextLength: number;
  rmsEpsilon: number;
  ropeFreqBase: number;
  /** Seeds the weights and the invented tokenizer merges. */
  seed: number;
}

const TINY = {
  name: 'hearth-tiny',
  type: 'q8_0',
  vocabSize: 512,
  embeddingLength: 64,
  blockCount: 2,
  headCount: 4,
  headCountKv: 2,
  feedForwardLength: 128,
  contextLength: 2048,
  rmsEpsilon: 1e-5,
  ropeFreqBase: 10000,
  seed: 1,
} as const satisfies LlamaModelSpec;

// ≈ 0.43 B parameters (ENVIRONMENT.md's benchmark model: Q4_0 ≈ 243 MB, Q8_0 ≈ 459 MB). An FFN of
// 2816 would give only 0.37 B; 3584 (3.5 × embedding) is what makes those sizes.
const BENCH_0_5B = {
  name: 'hearth-bench-0.5b',
  type: 'q4_0',
  vocabSize: 32000,
  embeddingLength: 1024,
  blockCount: 24,
  headCount: 16,
  headCountKv: 16,
  feedForwardLength: 3584,
  contextLength: 4096,
  rmsEpsilon: 1e-5,
  ropeFreqBase: 10000,
  seed: 1,
} as const satisfies LlamaModelSpec;

export const MODEL_PRESETS = { tiny: TINY, 'bench-0.5b': BENCH_0_5B } as const satisfies Record<string, LlamaModelSpec>;

export type ModelPresetName = keyof typeof MODEL_PRESETS;

/** A preset with some fields replaced. @example modelSpec('bench-0.5b', { type: 'q8_0' }) */
export function modelSpec(preset: ModelPresetName, overrides: Partial<LlamaModelSpec> = {}): LlamaModelSpec {
  const spec: LlamaModelSpec = { ...MODEL_PRESETS[preset], ...overrides };
  validateModelSpec(spec);
  return spec;
}

/** The tiny fixture (vocab 512, 2 layers, Q8_0 ≈ 0.2 MB): loads and generates in milliseconds. */
export function tinyModelSpec(overrides: Partial<LlamaModelSpec> = {}): LlamaModelSpec {
  return modelSpec('tiny', overrides);
}

/** The ≈ 0.43 B-parameter benchmark model (Q4_0 by default). */
export function benchModelSpec(overrides: Partial<LlamaModelSpec> = {}): LlamaModelSpec {
  return modelSpec('bench-0.5b', overrides);
}

/** Throws a RangeError naming the first field llama.cpp could not load. */
export function validateModelSpec(spec: LlamaModelSpec): void {
  const positive = ['vocabSize', 'embeddingLength', 'blockCount', 'headCount', 'headCountKv', 'feedForwardLength', 'contextLength'] as const;
  for (const key of positive) {
    if (!Number.isInteger(spec[key]) || spec[key] <= 0) throw new RangeError(`${key} must be a positive integer; got ${spec[key]}.`);
  }
  if (!MODEL_QUANTIZATIONS.includes(spec.type)) throw new RangeError(`type must be one of ${MODEL_QUANTIZATIONS.join(', ')}; got ${spec.type}.`);
  if (spec.embeddingLength % spec.headCount !== 0) throw new RangeError('embeddingLength must be a multiple of headCount.');
  if (spec.headCount % spec.headCountKv !== 0) throw new RangeError('headCount must be a multiple of headCountKv.');
  if ((spec.embeddingLength / spec.headCount) % 2 !== 0) throw new RangeError('The head size must be even for RoPE.');
  // Quantized rows hold whole blocks of 32, and every matrix's row length is one of these.
  if (spec.embeddingLength % 32 !== 0 || spec.feedForwardLength % 32 !== 0) {
    throw new RangeError('embeddingLength and feedForwardLength must be multiples of 32.');
  }
  // K-quant rows hold whole super-blocks of 256.
  if (!FIXTURE_TENSOR_TYPES.some((t) => t === spec.type) && (spec.embeddingLength % 256 !== 0 || spec.feedForwardLength % 256 !== 0)) {
    throw new RangeError(`A ${spec.type} model needs embeddingLength and feedForwardLength to be multiples of 256.`);
  }
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) throw new RangeError('seed must be a 32-bit unsigned integer.');
  if (!(spec.rmsEpsilon > 0) || !(spec.ropeFreqBase > 0)) throw new RangeError('rmsEpsilon and ropeFreqBase must be positive.');
  if (spec.name === '' || /[^A-Za-z0-9._-]/.test(spec.name)) throw new RangeError('name must be non-empty and use only letters, digits, ".", "_" and "-".');
}
