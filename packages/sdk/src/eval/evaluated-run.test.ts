import { describe, expect, it } from 'vitest';
import type { EngineV1, GenerateRequest, StreamPart } from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import { createHearth } from '../hearth/create-hearth.ts';

const USAGE = { promptTokens: 10, completionTokens: 5, timeToFirstTokenMs: 1, prefillTokensPerSecond: 1, decodeTokensPerSecond: 1 };

/** An engine that names its model and answers with set text (the real engines: tests/browser/scribe-quality.test.ts). */
class NamedScriptEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'named-script';
  readonly requests: GenerateRequest[] = [];
  constructor(readonly modelName: string) {}
  async load() {
    return { architecture: 'llama', contextSize: 2048, vocabSize: 512 };
  }
  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    yield { type: 'text-delta', text: 'He retired at age 68.' };
    yield { type: 'finish', finishReason: 'stop', usage: USAGE };
  }
  doGenerate(request: GenerateRequest) {
    return collectStream(this.doStream(request));
  }
  async unload() {}
}

describe('hearth.run', () => {
  it("uses the prompt pack of the engine's model through the evaluation wrapper (Hearth Scribe gets its own prompts)", async () => {
    const engine = new NamedScriptEngine('hearth-scribe-17m');
    const hearth = createHearth({ engine });
    const result = await hearth.run('proofread', 'He retiired at age 68.');
    expect(result.pack).toMatchObject({ family: 'hearth-scribe', selectedBy: 'model' });
    expect(result.correctedInput).toBe('He retired at age 68.');
    // The prompt is the one Hearth Scribe was trained on.
    expect(JSON.stringify(engine.requests[0])).toContain('Fix the mistakes; reply with the corrected text only.');
  });
});
