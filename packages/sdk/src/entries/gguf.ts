// `@hearth/sdk/gguf`: GGUF headers read over byte ranges, and ggml's tensor types. Browser-safe.
export * from '../gguf/index.ts';
