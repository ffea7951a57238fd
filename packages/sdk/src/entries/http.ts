// `@hearth/sdk/http`: retrying HTTP the same way everywhere (sleep, backoff, status → error code).
// The `sha256-<hex>` ETag format is the spec's: `formatHashEtag` / `parseHashEtag` in @hearth/spec.
export * from '../http/http-retry.ts';
export { readBodyPrefix } from '../http/read-body-prefix.ts';
