// Stands in for node-llama-cpp in the GPU bench bundle (gpu-bench.ts): the gateway there serves
// only an upstream pool, so no local engine is ever made, and the accelerator machine has no
// node-llama-cpp build. Anything that reaches these throws at once instead of failing to link.
function absent(): never {
  throw new Error('node-llama-cpp is not in the GPU bench bundle: configure the gateway with upstreams only.');
}
export const getLlama = absent;
export const isLlamaText = absent;
export const resolveChatWrapper = absent;
export class GeneralChatWrapper {
  constructor() {
    absent();
  }
}
export class TokenBias {
  constructor() {
    absent();
  }
}
export class LlamaGrammarEvaluationState {
  constructor() {
    absent();
  }
}
export const LlamaLogLevel = { disabled: 'disabled', fatal: 'fatal', error: 'error', warn: 'warn', info: 'info', log: 'log', debug: 'debug' } as const;
