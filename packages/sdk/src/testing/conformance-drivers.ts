// Engine drivers shared by Node tests and the browser harness page (bundled into it, through
// `@hearth/sdk/test/drivers`, which imports no Vitest), so every
// engine is exercised by the same code wherever it runs.
import type { EngineV1, GenerateRequest, LoadRequest, StreamPart } from '@hearth/spec';
import type { ConformanceTarget } from './engine-conformance.ts';

export type PlainRequest = Omit<GenerateRequest, 'signal'>;

export async function collectParts(engine: EngineV1, request: PlainRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of engine.doStream(request)) parts.push(part);
  return parts;
}

/** Streams, aborts after `afterDeltas` text deltas, and counts the deltas that still arrived. */
export async function collectPartsAborting(
  engine: EngineV1,
  request: PlainRequest,
  afterDeltas: number,
  busyBeforeAbortMs = 0,
): Promise<{ parts: StreamPart[]; deltasAfterAbort: number }> {
  const controller = new AbortController();
  const parts: StreamPart[] = [];
  let deltas = 0;
  let deltasAfterAbort = 0;
  for await (const part of engine.doStream({ ...request, signal: controller.signal })) {
    parts.push(part);
    if (part.type !== 'text-delta') continue;
    if (controller.signal.aborted) deltasAfterAbort++;
    else if (++deltas === afterDeltas) {
      // A busy consumer (a page doing other work): the engine's deltas pile up meanwhile.
      const until = performance.now() + busyBeforeAbortMs;
      while (performance.now() < until);
      controller.abort();
    }
  }
  return { parts, deltasAfterAbort };
}

export interface InProcessTargetOptions {
  /** Whether text deltas carry token ids (an OpenAI-compatible server sends none). */
  tokenIds: boolean;
  /** What the `unload` case loads again. */
  load: () => LoadRequest;
}

/**
 * A conformance target for an engine running in this process, already loaded.
 *
 * @example defineEngineConformance('mine', { reference: () => ref, target: () => inProcessTarget(engine, { tokenIds: true, load: () => request }) })
 */
export function inProcessTarget(engine: EngineV1, options: InProcessTargetOptions): ConformanceTarget {
  return {
    tokenIds: options.tokenIds,
    run: (request) => collectParts(engine, request),
    runAborting: (request, n) => collectPartsAborting(engine, request, n),
    load: async () => void (await engine.load(options.load())),
    unload: () => engine.unload(),
  };
}
