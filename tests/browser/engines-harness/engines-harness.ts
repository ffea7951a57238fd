// Test page for the WebLLM and built-in adapters, run in the page as an app would.
import { HearthError } from '@hearth/sdk';
import { BuiltinEngine, WebLLMEngine, type MlcModelBuild } from '@hearth/sdk/engines';
import type { SerializedHearthError } from '@hearth/spec';

async function settle(work: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; error: SerializedHearthError; isHearthError: boolean }> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: HearthError.from(error).toJSON(), isHearthError: HearthError.isInstance(error) };
  }
}

const engines = {
  webllmLoad: (build: MlcModelBuild) => settle(() => new WebLLMEngine(build).load({ source: { type: 'url', url: build.weightsUrl } })),
  builtinAvailability: () => BuiltinEngine.availability(),
  builtinLoad: () => settle(() => new BuiltinEngine().load({ source: { type: 'url', url: 'builtin:' } })),
};

declare global {
  interface Window {
    engines: typeof engines;
  }
}
window.engines = engines;
