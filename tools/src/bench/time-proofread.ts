// The proofread task's time to first token, timed alike in the bench page (a Worker engine) and
// in Node (node-llama-cpp): the SDK's Proofreader, as `hearth.run('proofread', …)` creates it for
// the composer's Proofread button, on an engine whose stream is watched for its first text.
import { Proofreader } from '@hearth/sdk/tasks';
import type { EngineV1, GenerateRequest, GenerateResult, LoadRequest, ModelInfo, StreamPart } from '@hearth/spec';

/** One proofread call, timed where its caller sees it. */
export interface ProofreadTiming {
  /** Milliseconds from the call (`Proofreader.create` and `proofread`) to the engine's first non-empty text delta. */
  ttftMs: number;
  /** The engine's own meter: from the request it received to its first generated token. */
  engineTtftMs: number;
  promptTokens: number;
  completionTokens: number;
  /** The prompt pack that built the prompt (`chatml/proofread@1.0.0`). */
  pack: string;
}

/**
 * An engine passed through, noting when its stream first carries text. The Proofreader only
 * collects the answer; the first delta is what an app streaming the same request would show.
 */
class FirstTextClock implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId: string;
  readonly modelName: string | undefined;
  firstTextAt: number | undefined;

  constructor(private readonly inner: EngineV1) {
    this.engineId = inner.engineId;
    this.modelName = inner.modelName;
  }

  load(request: LoadRequest): Promise<ModelInfo> {
    return this.inner.load(request);
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    for await (const part of this.inner.doStream(request)) {
      if (part.type === 'text-delta' && part.text !== '') this.firstTextAt ??= performance.now();
      yield part;
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return this.inner.doGenerate(request);
  }

  unload(): Promise<void> {
    return this.inner.unload();
  }
}

/**
 * Proofreads `input` on `engine` with the `family` prompt pack, its answer cut at `maxTokens`
 * (only the first token is timed; the pack's own budget would outgrow the context), and times the
 * first text. Throws when the engine wrote no text.
 */
export async function timeProofread(engine: EngineV1, input: string, family: string, maxTokens: number): Promise<ProofreadTiming> {
  const clock = new FirstTextClock(engine);
  const started = performance.now();
  const proofreader = await Proofreader.create({ engine: clock, family });
  const result = await proofreader.proofread(input, { maxTokens });
  if (clock.firstTextAt === undefined) throw new Error(`${engine.engineId} wrote no text to proofread (finish: ${result.finishReason})`);
  const { usage, pack } = result;
  return {
    ttftMs: clock.firstTextAt - started,
    engineTtftMs: usage.timeToFirstTokenMs,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    pack: `${pack.id}@${pack.version}`,
  };
}
