// `@hearth/sdk/test`: the conformance suite every Hearth engine passes, for a third-party engine
// to prove itself the same way. Node only: Vitest (a peer dependency of this entry) runs it, and
// node-llama-cpp's greedy output is the reference every engine must match.
//
// @example
// let reference: Reference;
// beforeAll(async () => { reference = await nodeReference(modelPath); await engine.load(request); });
// defineEngineConformance('my-engine', { reference: () => reference, target: () => inProcessTarget(engine, { tokenIds: true, load: () => request }) });
export {
  defineEngineConformance,
  CONFORMANCE_CONTEXT,
  CONFORMANCE_PROMPT,
  referenceRequest,
  type ConformanceCase,
  type ConformanceTarget,
  type ConformanceOptions,
} from '../testing/engine-conformance.ts';
export { collectParts, collectPartsAborting, inProcessTarget, type PlainRequest, type InProcessTargetOptions } from '../testing/conformance-drivers.ts';
export { nodeReference, referenceFromParts, type Reference } from '../testing/node-reference.ts';
