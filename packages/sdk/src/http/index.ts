// `@hearth/sdk/http`: retrying HTTP the same way everywhere (sleep, backoff, status → error code).
export { abortableSleep, backoffDelay, codeForHttpStatus, httpStatusError, isRetryableStatus, retryAfterMs, type BackoffOptions, type HttpResource, type HttpStatusErrorOptions } from './http-retry.ts';
export { formatHashEtag, parseHashEtag, parsePublishedSha256 } from '@hearth/spec';
