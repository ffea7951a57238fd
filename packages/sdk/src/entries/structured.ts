// `@hearth/sdk/structured`: structured output (one JSON Schema shape on every engine, failing
// closed) and tool calling, which is built on it.
export * from '../structured/index.ts';
export * from '../tools/index.ts';
