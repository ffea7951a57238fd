import { HearthError, type HearthErrorCode } from '@hearth/spec';

// The drafts reject with DOMExceptions named by their error tables, so a page written for a
// browser's own implementation (`e.name === 'NotSupportedError'`, `e instanceof DOMException`)
// works unchanged on Hearth's. The HearthError that caused it stays on `cause`, with its stable
// `code`, `hint` and `data`, for apps that want Hearth's reason. Sources:
// - webmachinelearning/writing-assistance-apis index.bs @ e411ad76 (2026-08-03): "Creation",
//   "Errors" of each API, and "converting error information into an exception object";
// - webmachinelearning/prompt-api index.bs @ 2e27365e (2026-06-22): "Errors", "validate and
//   canonicalize a prompt"; README (structured output: NotSupportedError / SyntaxError).

/** Where the error happened: `create()` (download and load) or a call on a created object. */
export type W3cPhase = 'create' | 'call';

/** Draft names for Hearth's codes while creating: download failures are NetworkError, load failures OperationError. */
const CREATE_NAMES: Partial<Record<HearthErrorCode, string>> = {
  no_route: 'NotSupportedError',
  unsupported: 'NotSupportedError',
  engine_unavailable: 'NotSupportedError',
  model_not_found: 'NotSupportedError',
  forbidden: 'NotAllowedError',
  network: 'NetworkError',
  integrity_mismatch: 'NetworkError',
  quota_exceeded: 'NetworkError',
  timeout: 'NetworkError',
  not_found: 'NetworkError',
  upstream: 'NetworkError',
  rate_limited: 'NetworkError',
};

/** Draft names for Hearth's codes on a call; the drafts' tables leave everything else to UnknownError. */
const CALL_NAMES: Partial<Record<HearthErrorCode, string>> = {
  no_route: 'NotSupportedError',
  unsupported: 'NotSupportedError',
  engine_unavailable: 'NotSupportedError',
  forbidden: 'NotAllowedError',
  // The Prompt API: "unable to produce a response that is compliant with the schema".
  output_invalid: 'SyntaxError',
  output_truncated: 'SyntaxError',
  network: 'NetworkError',
};

/** A DOMException with the HearthError that caused it on `cause`. */
export function domException(message: string, name: string, cause?: unknown): DOMException {
  const error = new DOMException(message, name);
  // Set after construction: DOMException's options-bag constructor (with `cause`) is newer than the API's users.
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

/** What `destroy()` rejects pending calls with (the drafts: a new "AbortError" DOMException). */
export function abortError(message = 'The object was destroyed.'): DOMException {
  return domException(message, 'AbortError');
}

/**
 * The drafts' QuotaExceededError (whatwg/webidl#1465: a DOMException subclass with `requested` and
 * `quota`). The browser's class where it has one; elsewhere a DOMException of that name with both fields.
 */
export function quotaExceededError(requested: number, quota: number, cause?: unknown): DOMException {
  const message = `The input is ${requested} tokens; ${quota} are available.`;
  const Native = (globalThis as { QuotaExceededError?: new (message: string, options: { requested: number; quota: number }) => DOMException })
    .QuotaExceededError;
  const error = typeof Native === 'function' ? new Native(message, { requested, quota }) : domException(message, 'QuotaExceededError');
  if (!('requested' in error)) Object.defineProperties(error, { requested: { value: requested, enumerable: true }, quota: { value: quota, enumerable: true } });
  if (cause !== undefined && !('cause' in error && error.cause !== undefined))
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

/**
 * Any failure, as the drafts would surface it. DOMExceptions and the JavaScript errors WebIDL
 * throws (TypeError, RangeError) pass through; a HearthError becomes the DOMException its code
 * maps to, `context_full` a QuotaExceededError, `invalid_request` a TypeError.
 */
export function toW3cError(error: unknown, phase: W3cPhase): unknown {
  if (error instanceof DOMException || error instanceof TypeError || error instanceof RangeError) return error;
  const hearth = HearthError.from(error);
  const message = hearth.hint ? `${hearth.message} ${hearth.hint}` : hearth.message;
  switch (hearth.code) {
    case 'aborted':
      return domException(message, 'AbortError', hearth);
    case 'context_full': {
      const requested = numberOr(hearth.data?.['promptTokens'], NaN);
      const quota = numberOr(hearth.data?.['contextSize'], NaN);
      return quotaExceededError(requested, quota, hearth);
    }
    case 'invalid_request':
      return new TypeError(message, { cause: hearth });
    default: {
      const names = phase === 'create' ? CREATE_NAMES : CALL_NAMES;
      return domException(message, names[hearth.code] ?? (phase === 'create' ? 'OperationError' : 'UnknownError'), hearth);
    }
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
