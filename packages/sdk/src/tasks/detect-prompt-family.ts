import type { GgufMetadataValue } from '../gguf/index.ts';
import type { KnownPromptFamily } from './prompt-pack-schema.ts';

/**
 * What is known about the model, from its GGUF metadata, the engine's `ModelInfo` or the app.
 * Any field may be missing; more fields give a surer answer.
 */
export interface ModelHints {
  /** `tokenizer.chat_template`: the surest sign, since it is what the engine formats prompts with. */
  chatTemplate?: string;
  /** `general.architecture` (e.g. "qwen2", "llama", "gemma2"), or `ModelInfo.architecture`. */
  architecture?: string;
  /** `general.name`, a file name, a catalog id or a server's model id. */
  name?: string;
}

// Markers only that family's template contains (llama.cpp's llm_chat_detect_template in
// src/llama-chat.cpp tells templates apart by the same strings). Order matters: Phi-4 uses
// `<|im_start|>` too, but with `<|im_sep|>`.
const TEMPLATE_MARKERS: ReadonlyArray<readonly [readonly string[], KnownPromptFamily]> = [
  [['<|im_sep|>'], 'phi'],
  [['<|im_start|>'], 'chatml'],
  [['<|start_header_id|>'], 'llama3'],
  [['<start_of_turn>'], 'gemma'],
  [['<|assistant|>', '<|end|>'], 'phi'],
  [['[INST]'], 'mistral'],
];

const ARCHITECTURES: Readonly<Record<string, KnownPromptFamily>> = {
  qwen2: 'chatml',
  qwen3: 'chatml',
  qwen2moe: 'chatml',
  qwen3moe: 'chatml',
  phi2: 'phi',
  phi3: 'phi',
  phimoe: 'phi',
  gemma: 'gemma',
  gemma2: 'gemma',
  gemma3: 'gemma',
  gemma3n: 'gemma',
  mistral3: 'mistral',
};

const NAMES: ReadonlyArray<readonly [RegExp, KnownPromptFamily]> = [
  [/qwen|smollm|chatml/, 'chatml'],
  [/llama[-_ .]?3/, 'llama3'],
  [/mi[sx]tral|ministral/, 'mistral'],
  [/\bphi/, 'phi'],
  [/gemma/, 'gemma'],
];

/**
 * The prompt family of a model, or undefined when nothing identifies it. Hearth's own demo and
 * fixture models (named `hearth-…`) get the `hearth-demo` family even though their template is
 * ChatML: their packs are kept short because their weights are random.
 *
 * @example detectPromptFamily({ chatTemplate: header.metadata['tokenizer.chat_template'] }) // 'chatml'
 */
export function detectPromptFamily(model: ModelHints): KnownPromptFamily | undefined {
  const name = model.name?.toLowerCase();
  // Hearth Scribe was trained on its own pack's prompts; every other `hearth-…` model has random weights.
  if (name !== undefined && /^hearth[-_]scribe/.test(name)) return 'hearth-scribe';
  if (name !== undefined && /^hearth[-_]/.test(name)) return 'hearth-demo';
  const template = model.chatTemplate;
  if (template) {
    for (const [markers, family] of TEMPLATE_MARKERS) if (markers.every((m) => template.includes(m))) return family;
  }
  const architecture = model.architecture?.toLowerCase();
  if (architecture !== undefined) {
    const family = ARCHITECTURES[architecture];
    if (family) return family;
  }
  if (name !== undefined) for (const [pattern, family] of NAMES) if (pattern.test(name)) return family;
  return undefined;
}

/**
 * Model hints from a GGUF header's metadata (`readGgufHeader(...).metadata`).
 *
 * @example const family = detectPromptFamily(modelHintsFromGguf((await readGgufHeader(reader)).metadata))
 */
export function modelHintsFromGguf(metadata: Readonly<Record<string, GgufMetadataValue>>): ModelHints {
  const hints: ModelHints = {};
  const text = (key: string): string | undefined => {
    const value = metadata[key];
    return typeof value === 'string' ? value : undefined;
  };
  const chatTemplate = text('tokenizer.chat_template');
  const architecture = text('general.architecture');
  const name = text('general.name') ?? text('general.basename');
  if (chatTemplate !== undefined) hints.chatTemplate = chatTemplate;
  if (architecture !== undefined) hints.architecture = architecture;
  if (name !== undefined) hints.name = name;
  return hints;
}
