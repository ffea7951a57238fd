import { afterAll, beforeAll } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { RemoteEngine } from '@hearth/sdk';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { collectParts, collectPartsAborting } from '../support/conformance-drivers.ts';
import { CONFORMANCE_CONTEXT, defineEngineConformance, type ConformanceTarget } from '../support/engine-conformance.ts';
import { tinyModelPath } from '../support/models.ts';
import { nodeReference, type Reference } from '../support/node-reference.ts';
import type { EngineV1, LoadRequest } from '@hearth/spec';

let reference: Reference;
let modelPath: string;
let gateway: RunningGateway;
const native = new NodeLlamaCppEngine({ parallelSequences: 2 });
let remote: RemoteEngine;

function target(engine: EngineV1, tokenIds: boolean, load: () => LoadRequest): ConformanceTarget {
  return {
    tokenIds,
    run: (request) => collectParts(engine, request),
    runAborting: (request, n) => collectPartsAborting(engine, request, n),
    load: async () => void (await engine.load(load())),
    unload: () => engine.unload(),
  };
}

beforeAll(async () => {
  modelPath = await tinyModelPath();
  reference = await nodeReference(modelPath);
  await native.load({ source: { type: 'path', path: modelPath }, contextSize: CONFORMANCE_CONTEXT });
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [modelPath] }], logger: captureLogger().logger, contextSize: CONFORMANCE_CONTEXT });
  remote = new RemoteEngine({ baseUrl: `${gateway.url}/v1`, model: 'tiny' });
  await remote.load({ source: { type: 'url', url: gateway.url } });
});
afterAll(async () => {
  await native.unload();
  await gateway?.close();
});

defineEngineConformance('node-llama-cpp', {
  reference: () => reference,
  target: () => target(native, true, () => ({ source: { type: 'path', path: modelPath }, contextSize: CONFORMANCE_CONTEXT })),
});

defineEngineConformance('remote (Hearth gateway over HTTP)', {
  reference: () => reference,
  target: () => target(remote, false, () => ({ source: { type: 'url', url: gateway.url } })),
});
