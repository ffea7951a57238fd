/**
 * Every error Hearth raises, on any side of any boundary (Worker, HTTP), is a HearthError with a
 * code from this union. Codes are stable: apps branch on them.
 */
export type HearthErrorCode =
  | 'invalid_request' // the caller's input is wrong; fix the call
  | 'invalid_model' // the model file is not a usable GGUF (or not this engine's format)
  | 'not_found' // no such route or resource
  | 'model_not_found'
  | 'model_not_loaded'
  | 'integrity_mismatch' // bytes differ from the manifest's SHA-256
  | 'quota_exceeded' // not enough storage for the model
  | 'forbidden' // the caller (an origin, a key) is not allowed to do this
  | 'out_of_memory'
  | 'context_full' // prompt + output do not fit the context window
  | 'engine_unavailable' // this engine cannot run here (no WebGPU, no SharedArrayBuffer, ...)
  | 'engine_crashed' // the engine or its Worker died; a retry may work on another route
  | 'network'
  | 'upstream' // a remote server answered with an error
  | 'rate_limited'
  | 'timeout'
  | 'aborted'
  | 'unsupported' // asked for a feature this engine cannot provide (never silently ignored)
  | 'output_truncated' // the token limit cut structured output short of a complete value
  | 'output_invalid' // the output is not the JSON the response format asked for
  | 'no_route' // nothing allowed by the policy fits this device (data.rejected says why)
  | 'internal';

const RETRYABLE: ReadonlySet<HearthErrorCode> = new Set(['network', 'engine_crashed', 'rate_limited', 'timeout']);

export interface HearthErrorOptions {
  code: HearthErrorCode;
  message: string;
  /** What the developer (or user) can do about it, in one sentence. */
  hint?: string;
  cause?: unknown;
  /** Structured facts about the failure (sizes, limits, status codes); must be structured-cloneable. */
  data?: Record<string, unknown>;
  /** Overrides the default for the code. */
  retryable?: boolean;
}

/** The plain shape a HearthError takes across a Worker or HTTP boundary. */
export interface SerializedHearthError {
  name: 'HearthError' | 'AbortError';
  code: HearthErrorCode;
  message: string;
  hint?: string;
  retryable: boolean;
  data?: Record<string, unknown>;
  cause?: { name: string; message: string };
}

const MARKER = Symbol.for('hearth.error');

export class HearthError extends Error {
  readonly code: HearthErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown> | undefined;
  readonly isRetryable: boolean;
  readonly [MARKER] = true;

  constructor(options: HearthErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    // Cancellation keeps the name fetch uses, so `err.name === 'AbortError'` checks keep working.
    this.name = options.code === 'aborted' ? 'AbortError' : 'HearthError';
    this.code = options.code;
    this.hint = options.hint;
    this.data = options.data;
    this.isRetryable = options.retryable ?? RETRYABLE.has(options.code);
  }

  /** True for HearthErrors from any copy of this package (instanceof fails across bundles). */
  static isInstance(value: unknown): value is HearthError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }

  static from(value: unknown, fallback: HearthErrorCode = 'internal'): HearthError {
    if (HearthError.isInstance(value)) return value;
    if (value instanceof Error && value.name === 'AbortError') {
      return new HearthError({ code: 'aborted', message: value.message || 'The operation was aborted.', cause: value });
    }
    const message = value instanceof Error ? value.message : String(value);
    return new HearthError({ code: fallback, message, cause: value });
  }

  toJSON(): SerializedHearthError {
    const out: SerializedHearthError = {
      name: this.name === 'AbortError' ? 'AbortError' : 'HearthError',
      code: this.code,
      message: this.message,
      retryable: this.isRetryable,
    };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.data !== undefined) out.data = this.data;
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    else if (this.cause !== undefined) out.cause = { name: 'Error', message: String(this.cause) };
    return out;
  }

  /** Rebuilds an error sent across a boundary with `toJSON()`. */
  static fromJSON(json: SerializedHearthError): HearthError {
    const options: HearthErrorOptions = { code: json.code, message: json.message, retryable: json.retryable };
    if (json.hint !== undefined) options.hint = json.hint;
    if (json.data !== undefined) options.data = json.data;
    if (json.cause !== undefined) {
      const cause = new Error(json.cause.message);
      cause.name = json.cause.name;
      options.cause = cause;
    }
    return new HearthError(options);
  }

  static isSerialized(value: unknown): value is SerializedHearthError {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Record<string, unknown>;
    return (v['name'] === 'HearthError' || v['name'] === 'AbortError') && typeof v['code'] === 'string' && typeof v['message'] === 'string';
  }
}
