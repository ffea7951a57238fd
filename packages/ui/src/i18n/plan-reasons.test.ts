import { describe, expect, it } from 'vitest';
import type { ConsentRequest } from '@hearth/sdk';
import { localizeReason, localizeRouteReason } from './plan-reasons.ts';
import { EN, FR } from './ui-strings.ts';

const route: NonNullable<ConsentRequest['route']> = {
  engine: 'llama-wasm',
  backend: 'cpu',
  where: 'device',
  modelId: 'qwen2.5-0.5b-instruct',
  variantId: 'q4_0',
  redact: false,
  contextSize: 4096,
  threads: 4,
  downloadBytes: 400_000_000,
  memoryBytes: 612_000_000,
  tokensPerSecond: { value: 23.4, basis: 'measured' },
  reason: 'Qwen2.5 0.5B Instruct Q4_0 on the CPU (llama-wasm, 4 threads): needs 583.7 MiB at 4096 tokens of context, ~23.4 tok/s (measured here)',
};

describe('plan reasons in the page language', () => {
  it('French by the code; the planner English, marked so, for a code the strings do not know', () => {
    expect(localizeReason({ code: 'wasm-memory', text: 'needs 5.1 GiB of WebAssembly memory' }, FR)).toEqual({
      text: 'le modèle dépasse la mémoire que WebAssembly peut adresser (4 Gio au plus)',
      lang: 'fr',
    });
    expect(localizeReason({ code: 'a-code-from-a-newer-planner', text: 'something new' }, FR)).toEqual({ text: 'something new', lang: 'en' });
  });

  it('English keeps the planner words, which carry the figures of each case', () => {
    expect(localizeReason({ code: 'wasm-memory', text: 'needs 5.1 GiB of WebAssembly memory' }, EN)).toEqual({
      text: 'needs 5.1 GiB of WebAssembly memory',
      lang: 'en',
    });
    expect(localizeRouteReason(route, route.reason, EN)).toEqual({ text: route.reason, lang: 'en' });
  });

  it('a device route in French from its own figures; a route without them keeps the planner sentence', () => {
    expect(localizeRouteReason(route, route.reason, FR)).toEqual({
      text: 'qwen2.5-0.5b-instruct (q4_0) sur le processeur avec llama-wasm (4 fils) : il lui faut 612 Mo de mémoire pour 4\u202f096 jetons de contexte, environ 23 jetons/s (mesuré ici)',
      lang: 'fr',
    });
    const { memoryBytes: _memory, ...withoutFigures } = route;
    expect(localizeRouteReason(withoutFigures, route.reason, FR)).toEqual({ text: route.reason, lang: 'en' });
    expect(localizeRouteReason(undefined, 'the gateway', FR)).toEqual({ text: 'the gateway', lang: 'en' });
  });
});
