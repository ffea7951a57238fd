import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { RemoteEngine } from '@hearth/sdk/engines';
import { modelHintsFromGguf, type ModelHints } from '@hearth/sdk/tasks';
import { ggufReaderFromBytes, readGgufHeader } from '@hearth/sdk/gguf';
import { startGateway, type RunningGateway } from '@hearth/server';
import type { EngineV1 } from '@hearth/spec';
import { expectTaskReport } from '../browser/tasks-harness/expect-task-report.ts';
import { runEveryTask, type TaskReport } from '../browser/tasks-harness/run-every-task.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

// The tiny model never emits an end-of-turn token: every text task runs to its budget.
const MAX_TOKENS = 24;
const STRUCTURED_MAX_TOKENS = 300;

const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
let gateway: RunningGateway;
let remote: RemoteEngine;
let hints: ModelHints;
const reports = new Map<string, TaskReport>();

beforeAll(async () => {
  const path = await tinyModelPath();
  // The pack is chosen from the model's own GGUF metadata, as an app would.
  hints = modelHintsFromGguf((await readGgufHeader(ggufReaderFromBytes(new Uint8Array(await readFile(path))))).metadata);
  await native.load({ source: { type: 'path', path }, threads: 1, contextSize: 2048 });
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [path] }], logger: captureLogger().logger, threads: 1, contextSize: 2048 });
  remote = new RemoteEngine({ baseUrl: `${gateway.url}/v1`, model: 'tiny', maxAttempts: 1 });
  await remote.load({ source: { type: 'url', url: gateway.url } });
  const engines: Array<[string, EngineV1]> = [
    ['node-llama-cpp', native],
    ['remote (Hearth gateway over HTTP)', remote],
  ];
  for (const [name, engine] of engines)
    reports.set(name, await runEveryTask(engine, { maxTokens: MAX_TOKENS, structuredMaxTokens: STRUCTURED_MAX_TOKENS, model: hints }));
});

afterAll(async () => {
  await native.unload();
  await gateway?.close();
});

it("the tiny model's GGUF metadata selects the demo packs", () => {
  expect(hints).toMatchObject({ name: 'hearth-tiny', architecture: 'llama', chatTemplate: expect.stringContaining('<|im_start|>') });
});

for (const name of ['node-llama-cpp', 'remote (Hearth gateway over HTTP)']) {
  describe(`every task on ${name}`, () => {
    expectTaskReport(() => reports.get(name), { maxTokens: MAX_TOKENS, repeatable: true });
  });
}
