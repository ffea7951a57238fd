import { HearthError, type EngineV1, type GenerateRequest, type GenerateResult, type LoadRequest, type ModelInfo, type StreamPart } from '@hearth/spec';
import type { ModelRecord } from '@mlc-ai/web-llm';
import { collectStream } from '../shared/collect-stream.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseBeforeGenerating } from '../shared/validate-request.ts';
import { noSchemaCapabilities } from '../../structured/schema-capabilities.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';
import { probeWebGpu } from '../../probe/probe-webgpu.ts';

/** An MLC build of a catalog model: WebLLM cannot run GGUF files. */
export interface MlcModelBuild {
  /** WebLLM's model id, e.g. "Qwen2.5-0.5B-Instruct-q4f16_1-MLC". */
  id: string;
  /** Base URL of the MLC weights (the folder with mlc-chat-config.json and the shards). */
  weightsUrl: string;
  /** URL of the model's compiled WebGPU library (.wasm), served by the app, never a CDN. */
  libraryUrl: string;
  /** WebGPU features the library needs, e.g. "shader-f16" for q4f16 builds. */
  requiredFeatures?: string[];
  vramRequiredMB?: number;
}

interface MlcEngineLike {
  reload(modelId: string): Promise<void>;
  unload(): Promise<void>;
  interruptGenerate(): void;
  chat: { completions: { create(body: Record<string, unknown>): Promise<AsyncIterable<MlcChunk>> } };
  completions: { create(body: Record<string, unknown>): Promise<AsyncIterable<MlcChunk>> };
}
interface MlcChunk {
  choices: Array<{ delta?: { content?: string | null }; text?: string; finish_reason?: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

/**
 * WebLLM (MLC, WebGPU). Used when a catalog model has an MLC build and the device's WebGPU
 * adapter has what that build needs; checked here before anything is fetched, because WebLLM
 * itself only finds out by failing ("Device was lost", missing shader-f16).
 */
export class WebLLMEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'webllm';
  private engine: MlcEngineLike | undefined;

  constructor(private readonly build: MlcModelBuild) {}

  async load(_request: LoadRequest): Promise<ModelInfo> {
    const gpu = await probeWebGpu();
    if (gpu.status === 'no-api')
      throw new HearthError({
        code: 'engine_unavailable',
        message: 'WebLLM needs WebGPU, and this browser has none.',
        hint: 'Use the WebAssembly engine (wllama) instead.',
      });
    if (gpu.status !== 'available')
      throw new HearthError({
        code: 'engine_unavailable',
        message: 'WebGPU is present but offers no adapter.',
        hint: 'Use the WebAssembly engine (wllama) instead.',
        ...(gpu.detail === undefined ? {} : { data: { detail: gpu.detail } }),
      });
    const missing = (this.build.requiredFeatures ?? []).filter((f) => !gpu.features.includes(f));
    if (missing.length > 0) {
      throw new HearthError({
        code: 'engine_unavailable',
        message: `${this.build.id} needs the WebGPU feature ${missing.join(', ')}, which this GPU lacks.`,
        hint: 'Pick a build without it (q4f32) or another engine.',
        data: { missing },
      });
    }
    const webllm = await import('@mlc-ai/web-llm');
    const record: Record<string, unknown> = { model: this.build.weightsUrl, model_id: this.build.id, model_lib: this.build.libraryUrl };
    if (this.build.vramRequiredMB !== undefined) record['vram_required_MB'] = this.build.vramRequiredMB;
    if (this.build.requiredFeatures) record['required_features'] = this.build.requiredFeatures;
    const engine = new webllm.MLCEngine({ appConfig: { model_list: [record as unknown as ModelRecord] } }) as unknown as MlcEngineLike;
    try {
      await engine.reload(this.build.id);
    } catch (error) {
      await engine.unload().catch(() => {});
      throw toHearthError(error);
    }
    this.engine = engine;
    return { architecture: 'mlc', contextSize: 0, vocabSize: 0, device: 'webgpu' };
  }

  /**
   * Structured output is refused here, before generating, until this adapter's own mechanism
   * (xgrammar via response_format) can be verified; never generate unconstrained when a constraint was asked.
   */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    return withStructuredOutput(request, noSchemaCapabilities('webllm'), (r) => this.generate(r));
  }

  private async *generate(request: GenerateRequest): AsyncIterable<StreamPart> {
    const engine = this.engine;
    const refused = refuseBeforeGenerating(request, engine);
    if (refused || !engine) {
      if (refused) yield refused;
      return;
    }
    const meter = new UsageMeter(0);
    const body: Record<string, unknown> = {
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxTokens ?? 512,
      temperature: request.temperature ?? 1,
      ...(request.topP === undefined ? {} : { top_p: request.topP }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.stop === undefined ? {} : { stop: [...request.stop] }),
    };
    // WebLLM has no AbortSignal; it has interruptGenerate().
    const onAbort = (): void => engine.interruptGenerate();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let finishReason: 'stop' | 'length' = 'stop';
    try {
      const chunks =
        request.prompt.type === 'chat'
          ? await engine.chat.completions.create({ ...body, messages: request.prompt.messages })
          : await engine.completions.create({ ...body, prompt: request.prompt.text });
      for await (const chunk of chunks) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content ?? choice?.text ?? '';
        if (text !== '') {
          meter.tokens();
          yield { type: 'text-delta', text };
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) meter.setPromptTokens(chunk.usage.prompt_tokens);
      }
    } catch (error) {
      yield { type: 'error', error: toHearthError(error).toJSON() };
      return;
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
    }
    if (request.signal?.aborted) {
      yield { type: 'error', error: new HearthError({ code: 'aborted', message: 'Generation was aborted.' }).toJSON() };
      return;
    }
    yield { type: 'finish', finishReason, usage: meter.finish() };
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    await engine?.unload();
  }
}

/** WebLLM's failures, named by cause (the messages its users report: ANCHORS.md). */
export function toHearthError(error: unknown): HearthError {
  if (HearthError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Device was lost|device lost/i.test(message))
    return new HearthError({
      code: 'engine_crashed',
      message: `The GPU device was lost: ${message}`,
      cause: error,
      hint: 'Usually too little GPU memory: use a smaller model or the WebAssembly engine.',
    });
  if (/QuotaExceeded|quota/i.test(message))
    return new HearthError({ code: 'quota_exceeded', message: `Not enough storage for the model: ${message}`, cause: error });
  if (/out of memory|OOM|allocation/i.test(message))
    return new HearthError({ code: 'out_of_memory', message: `The GPU ran out of memory: ${message}`, cause: error });
  // WebLLM stores through Cache.add, which reports a 404 and a dropped connection alike as
  // "Failed to execute 'add' on 'Cache': Request failed".
  if (/404|Not Found|Failed to fetch|NetworkError|network error|'add' on 'Cache'|Cache\.add/i.test(message)) {
    return new HearthError({
      code: /404|Not Found/.test(message) ? 'model_not_found' : 'network',
      message: `WebLLM could not fetch the model: ${message}`,
      cause: error,
      hint: 'Check that the MLC build URLs in the catalog are served, then retry.',
    });
  }
  return new HearthError({ code: 'engine_crashed', message: `WebLLM failed: ${message}`, cause: error });
}
