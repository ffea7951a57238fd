// `@hearth/sdk/privacy`: redaction before text leaves the device, restoration in the answer, and
// an engine that does both around another (`redact()` is in the root entry too).
export * from '../privacy/index.ts';
export { RedactingEngine } from '../privacy/redacting-engine.ts';
