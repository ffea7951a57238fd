import { HearthError, type HearthErrorCode, type OpenAIErrorBody } from '@hearth/spec';

type ErrorType = OpenAIErrorBody['error']['type'];

const STATUS: Record<HearthErrorCode, [number, ErrorType]> = {
  invalid_request: [400, 'invalid_request_error'],
  unsupported: [400, 'invalid_request_error'],
  context_full: [400, 'invalid_request_error'],
  // The caller's max_tokens (or the default) was too small for the JSON to close: theirs to raise.
  output_truncated: [400, 'invalid_request_error'],
  // A constraint that was applied still produced output that does not validate: the server's fault.
  output_invalid: [500, 'server_error'],
  invalid_model: [500, 'server_error'],
  model_not_found: [404, 'not_found_error'],
  not_found: [404, 'not_found_error'],
  model_not_loaded: [503, 'server_error'],
  integrity_mismatch: [500, 'server_error'],
  quota_exceeded: [507, 'server_error'],
  forbidden: [403, 'permission_error'],
  out_of_memory: [503, 'server_error'],
  engine_unavailable: [503, 'server_error'],
  engine_crashed: [500, 'server_error'],
  network: [502, 'server_error'],
  upstream: [502, 'server_error'],
  rate_limited: [429, 'rate_limit_error'],
  timeout: [504, 'server_error'],
  aborted: [499, 'invalid_request_error'],
  // Nothing the policy allows can run the request (a device-only plan with no fit).
  no_route: [503, 'server_error'],
  internal: [500, 'server_error'],
};

/** A HearthError as OpenAI's error body and status, so OpenAI clients raise their usual errors. */
export function toOpenAIError(error: HearthError): { status: number; body: OpenAIErrorBody; retryAfterSeconds?: number } {
  const [defaultStatus, defaultType] = STATUS[error.code];
  // Some codes need a finer status (401 vs 403, 429 vs 503): the error says which in data.status.
  const status = typeof error.data?.['status'] === 'number' ? error.data['status'] : defaultStatus;
  const type: ErrorType = status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : status === 503 ? 'server_error' : defaultType;
  const param = typeof error.data?.['param'] === 'string' ? error.data['param'] : null;
  const message = error.hint ? `${error.message} ${error.hint}` : error.message;
  // OpenAI names an over-long prompt this way; clients key on it.
  const code = error.code === 'context_full' ? 'context_length_exceeded' : error.code;
  const out: { status: number; body: OpenAIErrorBody; retryAfterSeconds?: number } = { status, body: { error: { message, type, param, code } } };
  if (typeof error.data?.['retryAfterSeconds'] === 'number') out.retryAfterSeconds = error.data['retryAfterSeconds'];
  return out;
}

export function openAIErrorResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, body, retryAfterSeconds } = toOpenAIError(HearthError.from(error));
  const response = Response.json(body, { status });
  if (retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(retryAfterSeconds));
  if (headers) for (const [k, v] of new Headers(headers)) response.headers.set(k, v);
  return response;
}
