import { HearthError } from '@hearth/spec';

/** Status codes of the C API (native/llama-wasm/hearth-llama.cpp, `enum hl_status`). */
export const HL_STATUS = {
  ok: 0,
  invalidArgument: -1,
  invalidModel: -2,
  outOfMemory: -3,
  contextFull: -4,
  aborted: -5,
  notLoaded: -6,
  internal: -7,
  grammar: -8,
  schema: -9,
} as const;

/** wasm32's address space: everything the engine holds must fit in it. */
export const WASM32_MEMORY_LIMIT_BYTES = 4 * 1024 ** 3;

/**
 * The HearthError for a failed C call. llama.cpp's last log lines become the cause: they name the
 * real reason (bad magic, a missing tensor, a failed allocation).
 */
export function statusError(status: number, action: string, log: string): HearthError {
  const detail = lastLines(log);
  const cause = detail === '' ? undefined : new Error(detail);
  const because = detail === '' ? '' : ` (${detail})`;
  switch (status) {
    case HL_STATUS.invalidModel:
      return new HearthError({
        code: 'invalid_model',
        message: `llama.cpp could not ${action}: the file is not a model it can load${because}.`,
        hint: 'Check that the URL points to a complete llama.cpp GGUF file (every shard, in order).',
        cause,
      });
    case HL_STATUS.outOfMemory:
      return new HearthError({
        code: 'out_of_memory',
        message: `Out of WebAssembly memory while trying to ${action}${because}.`,
        hint: 'This engine is wasm32: the model, its context and buffers must fit in 4 GiB. Use a smaller model, quantization or contextSize.',
        data: { memoryLimitBytes: WASM32_MEMORY_LIMIT_BYTES },
        cause,
      });
    case HL_STATUS.contextFull:
      return new HearthError({
        code: 'context_full',
        message: `The context window is full: could not ${action}.`,
        hint: 'Shorten the input or load the model with a larger contextSize.',
        cause,
      });
    case HL_STATUS.aborted:
      return new HearthError({ code: 'aborted', message: 'Generation was aborted.' });
    case HL_STATUS.notLoaded:
      return new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' });
    case HL_STATUS.invalidArgument:
      return new HearthError({ code: 'invalid_request', message: `llama.cpp rejected the arguments to ${action}${because}.`, cause });
    case HL_STATUS.grammar:
      return new HearthError({
        code: 'invalid_request',
        message: `The grammar does not parse${because}.`,
        hint: 'Write it in GBNF with a rule named "root".',
        cause,
      });
    default:
      return new HearthError({ code: 'internal', message: `llama.cpp failed to ${action} (status ${status})${because}.`, cause });
  }
}

function lastLines(log: string): string {
  return log.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
}

/**
 * The HearthError for a JSON Schema llama.cpp's converter (common/json-schema-to-grammar.cpp)
 * would not turn into a grammar: `message` is what it threw, `warnings` what it printed while
 * converting. Hearth's capability check runs first, so reaching this means the two disagree; it
 * fails closed either way. A warning means the converter dropped a constraint (a `pattern` it
 * cannot express becomes "any string"), which is refused like an error, never generated.
 */
export function schemaConversionError(message: string, warnings: readonly string[]): HearthError {
  const data = { param: 'response_format', engine: 'llama-wasm' };
  const dropped = warnings.map((w) => w.replace(/^WARNING: JSON schema conversion was incomplete: /, '').trim()).join('; ');
  if (dropped !== '') {
    // "pattern ^(?=a)$ is not supported (…), accepting any string"
    const keyword = /^(\w+) /.exec(dropped)?.[1] ?? 'response_format';
    return new HearthError({
      code: 'unsupported',
      message: `llama.cpp's grammar converter cannot enforce this schema: ${dropped}. Hearth refuses the request rather than generate unconstrained output.`,
      hint: keyword === 'pattern' ? 'Simplify the pattern (no lookarounds or backreferences), or remove it.' : 'Remove or rewrite that keyword.',
      data: { ...data, keyword },
    });
  }
  const reason = message
    .replace(/^JSON schema conversion failed:\s*/, '')
    .trim()
    .replace(/\.$/, '');
  // json-schema.cpp: "JSON schema error at #/properties/x: unsupported $ref …"
  const at = /JSON schema error at (\S+): /.exec(reason)?.[1];
  const withPath = at === undefined ? data : { ...data, path: at };
  if (/unsupported|not supported/i.test(reason)) {
    return new HearthError({
      code: 'unsupported',
      message: `llama.cpp's grammar converter cannot enforce this schema: ${reason}. Hearth refuses the request rather than generate unconstrained output.`,
      hint: 'Remove or rewrite that part of the schema, or run the request on an engine that enforces it.',
      data: withPath,
    });
  }
  return new HearthError({
    code: 'invalid_request',
    message: `llama.cpp's grammar converter could not read the schema: ${reason}.`,
    hint: 'Check the schema against JSON Schema 2020-12: types, $ref targets and patterns must be valid.',
    data: withPath,
  });
}
