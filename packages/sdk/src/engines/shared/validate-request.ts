import { HearthError, type GenerateRequest, type StreamPart } from '@hearth/spec';

/**
 * The same bad input gets the same typed error on every engine, before any engine sees it
 * (llama.cpp, wllama and remote servers each fail differently, or not at all, on these).
 */
export function validateGenerateRequest(request: GenerateRequest): HearthError | undefined {
  const bad = (param: string, message: string): HearthError => new HearthError({ code: 'invalid_request', message: `Invalid '${param}': ${message}`, data: { param } });
  const { prompt } = request;
  if (prompt.type === 'text') {
    if (typeof prompt.text !== 'string') return bad('prompt.text', 'must be a string.');
  } else if (prompt.type === 'chat') {
    if (!Array.isArray(prompt.messages) || prompt.messages.length === 0) return bad('prompt.messages', 'must be a non-empty array.');
    for (const m of prompt.messages) {
      if (!['system', 'user', 'assistant'].includes(m.role)) return bad('prompt.messages.role', `"${String(m.role)}" is not system, user or assistant.`);
      if (typeof m.content !== 'string') return bad('prompt.messages.content', 'must be a string.');
    }
  } else {
    return bad('prompt.type', 'must be "text" or "chat".');
  }
  if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)) return bad('maxTokens', 'must be a positive integer.');
  if (request.temperature !== undefined && !(request.temperature >= 0 && request.temperature <= 2)) return bad('temperature', 'must be between 0 and 2.');
  if (request.topP !== undefined && !(request.topP > 0 && request.topP <= 1)) return bad('topP', 'must be in (0, 1].');
  if (request.seed !== undefined && !Number.isSafeInteger(request.seed)) return bad('seed', 'must be an integer.');
  if (request.stop !== undefined && (!Array.isArray(request.stop) || request.stop.some((s) => typeof s !== 'string' || s === ''))) return bad('stop', 'must be non-empty strings.');
  return undefined;
}

/**
 * What every engine checks before generating: a loaded model, then a well-formed request. Returns
 * the one error part to end the stream with, or nothing when generation may start.
 */
export function refuseBeforeGenerating(request: GenerateRequest, model: unknown): StreamPart | undefined {
  if (model === undefined || model === false) return { type: 'error', error: new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' }).toJSON() };
  const invalid = validateGenerateRequest(request);
  return invalid ? { type: 'error', error: invalid.toJSON() } : undefined;
}
