import { HearthError, type GenerateRequest, type StreamPart } from '@hearth/spec';

/**
 * The same bad input gets the same typed error on every engine, before any engine sees it
 * (llama.cpp, wllama and remote servers each fail differently, or not at all, on these).
 */
export function validateGenerateRequest(request: GenerateRequest): HearthError | undefined {
  const bad = (param: string, message: string): HearthError =>
    new HearthError({ code: 'invalid_request', message: `Invalid '${param}': ${message}`, data: { param } });
  const { prompt } = request;
  if (prompt.type === 'text') {
    if (typeof prompt.text !== 'string') return bad('prompt.text', 'must be a string.');
  } else if (prompt.type === 'chat') {
    if (!Array.isArray(prompt.messages) || prompt.messages.length === 0) return bad('prompt.messages', 'must be a non-empty array.');
    for (const m of prompt.messages) {
      if (!['system', 'user', 'assistant', 'tool'].includes(m.role))
        return bad('prompt.messages.role', `"${String(m.role)}" is not system, user, assistant or tool.`);
      if (typeof m.content !== 'string') return bad('prompt.messages.content', 'must be a string.');
      if (m.role === 'tool' && typeof m.toolCallId !== 'string') return bad('messages.tool_call_id', 'a tool message needs the id of the call it answers.');
    }
  } else {
    return bad('prompt.type', 'must be "text" or "chat".');
  }
  if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1))
    return bad('maxTokens', 'must be a positive integer.');
  if (request.temperature !== undefined && !(request.temperature >= 0 && request.temperature <= 2)) return bad('temperature', 'must be between 0 and 2.');
  if (request.topP !== undefined && !(request.topP > 0 && request.topP <= 1)) return bad('topP', 'must be in (0, 1].');
  if (request.seed !== undefined && !Number.isSafeInteger(request.seed)) return bad('seed', 'must be an integer.');
  if (request.stop !== undefined && (!Array.isArray(request.stop) || request.stop.some((s) => typeof s !== 'string' || s === '')))
    return bad('stop', 'must be non-empty strings.');
  if (request.logprobs !== undefined && !(Number.isInteger(request.logprobs) && request.logprobs >= 0 && request.logprobs <= 20))
    return bad('top_logprobs', 'must be an integer from 0 to 20.');
  for (const [name, value] of [
    ['frequency_penalty', request.frequencyPenalty],
    ['presence_penalty', request.presencePenalty],
  ] as const) {
    if (value !== undefined && !(value >= -2 && value <= 2)) return bad(name, 'must be between -2 and 2.');
  }
  if (request.logitBias !== undefined) {
    for (const [key, value] of Object.entries(request.logitBias as Record<string, unknown>)) {
      if (!/^(0|[1-9]\d{0,9})$/.test(key)) return bad('logit_bias', `"${key}" is not a token id.`);
      if (typeof value !== 'number' || !(value >= -100 && value <= 100))
        return bad('logit_bias', `the bias of token ${key} must be a number from -100 to 100.`);
    }
  }
  return undefined;
}

/** Request options an engine may lack; each is refused by name where it does, never ignored. */
export interface OptionalFeatures {
  logprobs: boolean;
  logitBias: boolean;
  penalties: boolean;
}

/**
 * The first option the request uses that this engine cannot honour, as an `unsupported` error
 * naming the OpenAI parameter; `vocabSize` bounds `logit_bias` token ids where it is known.
 */
export function refuseUnsupportedOptions(request: GenerateRequest, engine: string, supports: OptionalFeatures, vocabSize?: number): HearthError | undefined {
  const refuse = (param: string, what: string): HearthError =>
    new HearthError({
      code: 'unsupported',
      message: `${engine} cannot honour '${param}': ${what}.`,
      hint: 'Leave it out, or run the request on node-llama-cpp (a Hearth gateway).',
      data: { param, engine },
    });
  if (request.logprobs !== undefined && !supports.logprobs) return refuse('logprobs', 'it does not expose token probabilities');
  if (request.logitBias !== undefined && Object.keys(request.logitBias).length > 0 && !supports.logitBias) return refuse('logit_bias', 'it cannot bias logits');
  if ((request.frequencyPenalty ?? 0) !== 0 && !supports.penalties) return refuse('frequency_penalty', 'it has no repetition penalties');
  if ((request.presencePenalty ?? 0) !== 0 && !supports.penalties) return refuse('presence_penalty', 'it has no repetition penalties');
  if (vocabSize !== undefined && vocabSize > 0 && request.logitBias) {
    const outside = Object.keys(request.logitBias).find((key) => Number(key) >= vocabSize);
    if (outside !== undefined)
      return new HearthError({
        code: 'invalid_request',
        message: `Invalid 'logit_bias': token ${outside} is outside the model's vocabulary of ${vocabSize}.`,
        data: { param: 'logit_bias' },
      });
  }
  return undefined;
}

/**
 * What every engine checks before generating: a loaded model, then a well-formed request. Returns
 * the one error part to end the stream with, or nothing when generation may start.
 */
export function refuseBeforeGenerating(request: GenerateRequest, model: unknown): StreamPart | undefined {
  if (model === undefined || model === false)
    return { type: 'error', error: new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' }).toJSON() };
  const invalid = validateGenerateRequest(request);
  return invalid ? { type: 'error', error: invalid.toJSON() } : undefined;
}
