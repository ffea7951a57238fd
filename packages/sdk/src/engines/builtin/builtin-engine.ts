import { HearthError, type EngineV1, type GenerateRequest, type GenerateResult, type LoadRequest, type ModelInfo, type StreamPart } from '@hearth/spec';
import { collectStream } from '../shared/collect-stream.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseBeforeGenerating } from '../shared/validate-request.ts';
import { noSchemaCapabilities } from '../../structured/schema-capabilities.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';

/** The W3C Prompt API draft's states. */
type BuiltinAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';
/** Hearth's names for them, shared by every engine that may need a download first. */
export type EngineAvailability = 'unavailable' | 'needs-download' | 'downloading' | 'ready';

const AVAILABILITY: Record<BuiltinAvailability, EngineAvailability> = {
  unavailable: 'unavailable',
  downloadable: 'needs-download',
  downloading: 'downloading',
  available: 'ready',
};

interface LanguageModelSession {
  promptStreaming(input: string | Array<{ role: string; content: string }>, options?: { signal?: AbortSignal }): AsyncIterable<string> & ReadableStream<string>;
  destroy(): void;
  inputUsage?: number;
}
interface LanguageModelStatic {
  availability(options?: Record<string, unknown>): Promise<BuiltinAvailability>;
  create(options?: {
    signal?: AbortSignal;
    initialPrompts?: Array<{ role: string; content: string }>;
    monitor?: (m: EventTarget) => void;
  }): Promise<LanguageModelSession>;
}

/** Marks the `LanguageModel` that `installHearth()` defines; its value is the browser's own that it replaced, if any. */
const HEARTH_W3C_REPLACED = Symbol.for('hearth.w3c.replaced');

function languageModel(): LanguageModelStatic | undefined {
  const lm = (globalThis as { LanguageModel?: LanguageModelStatic }).LanguageModel;
  // Hearth's own global runs on Hearth, not on a browser model: routing to it would call itself.
  if (lm && HEARTH_W3C_REPLACED in lm) return Reflect.get(lm, HEARTH_W3C_REPLACED) as LanguageModelStatic | undefined;
  return lm;
}

/**
 * The browser's own model (Chrome's `LanguageModel`, the W3C Prompt API draft). Hearth does not
 * choose or ship that model; it uses it when the browser says it is there.
 */
export class BuiltinEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'builtin';
  private session: LanguageModelSession | undefined;

  static async availability(): Promise<EngineAvailability> {
    const lm = languageModel();
    if (!lm) return 'unavailable';
    return AVAILABILITY[await lm.availability()] ?? 'unavailable';
  }

  async load(request: LoadRequest): Promise<ModelInfo> {
    const lm = languageModel();
    const availability = await BuiltinEngine.availability();
    if (!lm || availability === 'unavailable') {
      throw new HearthError({
        code: 'engine_unavailable',
        message: lm
          ? 'The browser has a built-in model API, but says no model is available on this device.'
          : 'This browser has no built-in model (no LanguageModel).',
        hint: 'Use a GGUF model with the WebAssembly engine.',
        data: { availability },
      });
    }
    // A "needs-download" model downloads inside create(); the app asked the user first (consent).
    this.session = await lm.create(request.signal ? { signal: request.signal } : {});
    return { architecture: 'builtin', contextSize: 0, vocabSize: 0 };
  }

  /**
   * Structured output is refused here, before generating, until this adapter's own mechanism
   * (responseConstraint) can be verified; never generate unconstrained when a constraint was asked.
   */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    return withStructuredOutput(request, noSchemaCapabilities('builtin'), (r) => this.generate(r));
  }

  private async *generate(request: GenerateRequest): AsyncIterable<StreamPart> {
    const session = this.session;
    const refused = refuseBeforeGenerating(request, session);
    if (refused || !session) {
      if (refused) yield refused;
      return;
    }
    const meter = new UsageMeter(0);
    // The Prompt API has chat turns only: raw text goes in as one user turn.
    const input = request.prompt.type === 'chat' ? request.prompt.messages.map((m) => ({ role: m.role, content: m.content })) : request.prompt.text;
    try {
      for await (const text of session.promptStreaming(input, request.signal ? { signal: request.signal } : {})) {
        meter.tokens();
        yield { type: 'text-delta', text };
      }
    } catch (error) {
      const aborted = request.signal?.aborted === true;
      yield {
        type: 'error',
        error: new HearthError({
          code: aborted ? 'aborted' : 'engine_crashed',
          message: aborted ? 'Generation was aborted.' : `The built-in model failed: ${String(error)}`,
          cause: error,
        }).toJSON(),
      };
      return;
    }
    meter.setPromptTokens(session.inputUsage ?? 0);
    yield { type: 'finish', finishReason: 'stop', usage: meter.finish() };
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    this.session?.destroy();
    this.session = undefined;
  }
}
