import { afterAll, beforeAll } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { RemoteEngine } from '@hearth/sdk/engines';
import { CONFORMANCE_CONTEXT, defineEngineConformance, inProcessTarget, nodeReference, type Reference } from '@hearth/sdk/test';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

let reference: Reference;
let modelPath: string;
let gateway: RunningGateway;
const native = new NodeLlamaCppEngine({ parallelSequences: 2 });
let remote: RemoteEngine;

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
  target: () => inProcessTarget(native, { tokenIds: true, load: () => ({ source: { type: 'path', path: modelPath }, contextSize: CONFORMANCE_CONTEXT }) }),
});

defineEngineConformance('remote (Hearth gateway over HTTP)', {
  reference: () => reference,
  target: () => inProcessTarget(remote, { tokenIds: false, load: () => ({ source: { type: 'url', url: gateway.url } }) }),
});
