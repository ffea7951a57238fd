// Redaction of personal data and secrets before text leaves the device, and their restoration in
// the answer. `Redactor` is one conversation; `redact()` is a one-off.
export { Redactor, redact, REDACT_DEFAULTS, type RedactOptions, type RedactResult, type RedactedEntity } from './redactor.ts';
export { createStreamingRestorer, type StreamingRestorer } from './streaming-restorer.ts';
export { PII_TYPES, type PiiType } from './pii-types.ts';
export { DEFAULT_PHONE_COUNTRIES } from './detect-phones.ts';
