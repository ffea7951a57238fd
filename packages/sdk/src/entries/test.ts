// `@hearth/sdk/test`: the conformance suite every Hearth engine passes, for a third-party engine
// to prove itself the same way (Vitest, a peer dependency of this entry only).
//
// @example
// defineEngineConformance('my-engine', { reference: () => ref, target: () => inProcessTarget(engine, { load: () => engine.load(req) }) })
export { defineEngineConformance, CONFORMANCE_CONTEXT, CONFORMANCE_PROMPT, referenceRequest, type ConformanceCase, type ConformanceTarget, type ConformanceOptions } from '../testing/engine-conformance.ts';
export { collectParts, collectPartsAborting, inProcessTarget, type PlainRequest, type InProcessTargetOptions } from '../testing/conformance-drivers.ts';
export { nodeReference, referenceFromParts, type Reference } from '../testing/node-reference.ts';
