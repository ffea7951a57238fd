import {
  HearthError,
  type ChatMessage,
  type EngineV1,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type LoadRequest,
  type ModelInfo,
  type OpenAIChatMessage,
  type OpenAIErrorBody,
  type OpenAIResponseFormat,
  type OpenAITokenLogprob,
  type OpenAIToolCallDelta,
  type ResponseFormat,
  type StreamPart,
  type TokenLogprob,
  type ToolDefinition,
} from '@hearth/spec';
import { collectStream } from '../shared/collect-stream.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseBeforeGenerating } from '../shared/validate-request.ts';
import { parseSse } from './parse-sse.ts';
import { SERVER_SCHEMA_CAPABILITIES, type SchemaCapabilities } from '../../structured/schema-capabilities.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';
import { compileSchemaValidator } from '../../structured/compile-schema-validator.ts';
import { validateTools } from '../../tools/tool-envelope.ts';
import { DEFAULT_MAX_TOKENS } from '../shared/token-loop.ts';
import { abortableSleep, backoffDelay, httpStatusError, retryAfterMs } from '../../http/http-retry.ts';

export interface RemoteEngineOptions {
  /** Base URL of an OpenAI-compatible API, up to and including `/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: typeof fetch;
  /** Attempts for a request that fails before its stream starts with a retryable error. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  backoffMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * What the server enforces of a JSON schema. Default: everything (a Hearth gateway refuses what
   * it cannot enforce). For a server that may drop a constraint, pass its engine's capabilities
   * (`LLAMA_CPP_SCHEMA_CAPABILITIES` for llama-server) so the request is refused here instead.
   * Output is validated here either way.
   */
  schemaCapabilities?: SchemaCapabilities;
}

const defaults = { maxAttempts: 3, backoffMs: 250 } satisfies Partial<RemoteEngineOptions>;

/** Chat and text completion chunks: the fields read here. */
interface WireChunk {
  choices: Array<{
    delta?: { content?: string | null; tool_calls?: OpenAIToolCallDelta[] };
    text?: string;
    finish_reason?: string | null;
    logprobs?: { content?: OpenAITokenLogprob[] | null } | null;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

/**
 * Any OpenAI-compatible server: a Hearth gateway, llama.cpp's server, vLLM, Ollama. Streams SSE;
 * aborting closes the connection; retries only what is retryable and only before output began.
 */
export class RemoteEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'remote';
  private loaded = false;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: RemoteEngineOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Checks that the server answers and serves the model; the model itself lives on the server. */
  async load(request: LoadRequest): Promise<ModelInfo> {
    const init: RequestInit = { headers: this.headers() };
    if (request.signal) init.signal = request.signal;
    const response = await this.send(`${this.options.baseUrl}/models`, init);
    const list = (await response.json()) as { data?: Array<{ id: string }> };
    if (!list.data?.some((m) => m.id === this.options.model)) {
      throw new HearthError({
        code: 'model_not_found',
        message: `${this.options.baseUrl} does not serve the model "${this.options.model}".`,
        hint: `It serves: ${list.data?.map((m) => m.id).join(', ') || 'nothing'}.`,
      });
    }
    this.loaded = true;
    return { architecture: 'remote', contextSize: 0, vocabSize: 0 };
  }

  /** Streams; `responseFormat` is forwarded as `response_format`, and the output checked as it arrives. */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    return withStructuredOutput(request, this.options.schemaCapabilities ?? SERVER_SCHEMA_CAPABILITIES, (r) => this.generate(r));
  }

  private async *generate(request: GenerateRequest): AsyncIterable<StreamPart> {
    const refused = refuseBeforeGenerating(request, this.loaded);
    const badTools = refused ? undefined : validateTools(request);
    if (refused || badTools) {
      yield refused ?? { type: 'error', error: badTools!.toJSON() };
      return;
    }
    const meter = new UsageMeter(0);
    // Raw text goes to /completions (no chat template), chat to /chat/completions: the same
    // prompt reaches the model as it would on any other engine.
    const chat = request.prompt.type === 'chat';
    const body = {
      model: this.options.model,
      ...(request.prompt.type === 'chat' ? { messages: request.prompt.messages.map(toWireMessage) } : { prompt: request.prompt.text }),
      // Passed through unchanged: the server constrains and reports them (a Hearth gateway refuses what it cannot).
      ...(request.tools === undefined
        ? {}
        : {
            tools: request.tools.map((t) => ({
              type: 'function',
              function: {
                name: t.name,
                ...(t.description === undefined ? {} : { description: t.description }),
                ...(t.parameters === undefined ? {} : { parameters: t.parameters }),
              },
            })),
          }),
      ...(request.toolChoice === undefined
        ? {}
        : { tool_choice: typeof request.toolChoice === 'string' ? request.toolChoice : { type: 'function', function: { name: request.toolChoice.name } } }),
      ...(request.parallelToolCalls === undefined ? {} : { parallel_tool_calls: request.parallelToolCalls }),
      ...(request.logprobs === undefined ? {} : chat ? { logprobs: true, top_logprobs: request.logprobs } : { logprobs: request.logprobs }),
      ...(request.logitBias === undefined ? {} : { logit_bias: request.logitBias }),
      ...(request.frequencyPenalty === undefined ? {} : { frequency_penalty: request.frequencyPenalty }),
      ...(request.presencePenalty === undefined ? {} : { presence_penalty: request.presencePenalty }),
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.topP === undefined ? {} : { top_p: request.topP }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.stop === undefined ? {} : { stop: request.stop }),
      ...(request.responseFormat === undefined ? {} : { response_format: toWireResponseFormat(request.responseFormat) }),
    };
    let finishReason: FinishReason = 'stop';
    const calls: Array<{ name: string; arguments: string }> = [];
    let serverUsage: { prompt_tokens: number; completion_tokens: number } | undefined;
    try {
      const init: RequestInit = { method: 'POST', headers: { ...this.headers(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      if (request.signal) init.signal = request.signal;
      const response = await this.send(`${this.options.baseUrl}/${chat ? 'chat/completions' : 'completions'}`, init);
      if (!response.body) throw new HearthError({ code: 'upstream', message: 'The server sent no body.' });
      for await (const data of parseSse(response.body)) {
        if (data === '[DONE]') break;
        const event = JSON.parse(data) as WireChunk | OpenAIErrorBody;
        if ('error' in event) throw upstreamError(event, 200);
        const choice = event.choices[0];
        const text = choice?.delta?.content ?? choice?.text ?? '';
        const logprobs = choice?.logprobs?.content?.map(fromWireLogprob);
        if (text !== '' || (logprobs && logprobs.length > 0)) {
          meter.tokens();
          yield { type: 'text-delta', text, ...(logprobs ? { logprobs } : {}) };
        }
        for (const delta of choice?.delta?.tool_calls ?? []) {
          const call = (calls[delta.index] ??= { name: delta.function?.name ?? '', arguments: '' });
          call.arguments += delta.function?.arguments ?? '';
          yield {
            type: 'tool-call-delta',
            index: delta.index,
            argumentsText: delta.function?.arguments ?? '',
            ...(delta.id === undefined ? {} : { id: delta.id }),
            ...(delta.function?.name === undefined ? {} : { name: delta.function.name }),
          };
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : choice.finish_reason === 'tool_calls' ? 'tool_calls' : 'stop';
        if (event.usage) serverUsage = event.usage;
      }
    } catch (error) {
      yield {
        type: 'error',
        error: (request.signal?.aborted
          ? new HearthError({ code: 'aborted', message: 'Generation was aborted.', cause: error })
          : HearthError.from(error, 'network')
        ).toJSON(),
      };
      return;
    }
    // Whatever the server is, arguments that do not validate never pass as a call (fails closed).
    const invalidCall = checkCalls(calls, request.tools ?? []);
    if (invalidCall) {
      yield { type: 'error', error: invalidCall.toJSON() };
      return;
    }
    if (serverUsage) meter.setPromptTokens(serverUsage.prompt_tokens);
    const usage = meter.finish();
    // The server counted tokens; a chunk can carry several, so its count wins over ours.
    if (serverUsage) usage.completionTokens = serverUsage.completion_tokens;
    yield { type: 'finish', finishReason, usage };
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  /** `/embeddings` on the server, with the same retries and typed errors as generation. */
  async embed(input: readonly string[], signal?: AbortSignal): Promise<{ embeddings: number[][]; promptTokens: number }> {
    const init: RequestInit = {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: this.options.model, input }),
    };
    if (signal) init.signal = signal;
    const response = await this.send(`${this.options.baseUrl}/embeddings`, init);
    const body = (await response.json()) as { data: Array<{ index: number; embedding: number[] }>; usage?: { prompt_tokens: number } };
    const embeddings = [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    return { embeddings, promptTokens: body.usage?.prompt_tokens ?? 0 };
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {};
  }

  /** One request with retries for network failures, 429 and 5xx, honouring Retry-After. */
  private async send(url: string, init: RequestInit): Promise<Response> {
    const attempts = this.options.maxAttempts ?? defaults.maxAttempts;
    const sleep = this.options.sleep ?? abortableSleep;
    for (let attempt = 1; ; attempt++) {
      let error: HearthError;
      let retryAfter: number | undefined;
      try {
        const response = await this.fetchImpl(url, init);
        if (response.ok) return response;
        const body = (await response.json().catch(() => undefined)) as OpenAIErrorBody | undefined;
        error = upstreamError(body, response.status);
        retryAfter = retryAfterMs(response.headers);
      } catch (cause) {
        if (init.signal?.aborted) throw aborted(cause);
        error = new HearthError({
          code: 'network',
          message: `Could not reach ${new URL(url).origin}: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
          hint: 'Check that the server is running and reachable.',
        });
      }
      if (!error.isRetryable || attempt >= attempts) throw error;
      await sleep(retryAfter ?? backoffDelay(attempt, { baseMs: this.options.backoffMs ?? defaults.backoffMs }), init.signal ?? undefined).catch(
        (cause: unknown) => {
          throw aborted(cause);
        },
      );
    }
  }
}

function aborted(cause: unknown): HearthError {
  return HearthError.isInstance(cause) && cause.code === 'aborted' ? cause : new HearthError({ code: 'aborted', message: 'The request was aborted.', cause });
}

/** A Hearth chat message as OpenAI's wire message (tool calls and results included). */
function toWireMessage(m: ChatMessage): OpenAIChatMessage {
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: m.content === '' ? null : m.content,
      tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
    };
  }
  return { role: m.role, content: m.content };
}

function fromWireLogprob(l: OpenAITokenLogprob): TokenLogprob {
  const bytes = (t: { token: string; bytes: number[] | null }): number[] => t.bytes ?? [...new TextEncoder().encode(t.token)];
  return {
    token: l.token,
    logprob: l.logprob,
    bytes: bytes(l),
    top: (l.top_logprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob, bytes: bytes(t) })),
  };
}

/** Each call names a tool that was offered and its arguments parse and validate against its schema. */
function checkCalls(calls: ReadonlyArray<{ name: string; arguments: string }>, tools: readonly ToolDefinition[]): HearthError | undefined {
  for (const call of calls.filter(Boolean)) {
    const tool = tools.find((t) => t.name === call.name);
    let value: unknown;
    try {
      value = JSON.parse(call.arguments);
    } catch {
      value = undefined;
    }
    const violations = tool && value !== undefined ? compileSchemaValidator(tool.parameters ?? { type: 'object' }).validate(value) : [];
    if (!tool || value === undefined || violations.length > 0) {
      return new HearthError({
        code: 'output_invalid',
        message: `The server's call to "${call.name}" ${!tool ? 'names no tool that was offered' : value === undefined ? 'has arguments that are not JSON' : `does not match its schema: ${violations[0]?.path || '(the value)'} ${violations[0]?.message ?? ''}`}.`,
        data: { param: 'tools' },
      });
    }
  }
  return undefined;
}

/** OpenAI's wire shape; `strict` because Hearth never accepts output the schema does not allow. */
function toWireResponseFormat(format: ResponseFormat): OpenAIResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name ?? 'response', schema: format.schema, strict: true } };
}

function upstreamError(body: OpenAIErrorBody | undefined, status: number): HearthError {
  const upstreamCode = body?.error?.code;
  // A Hearth gateway's codes keep their meaning across the hop; otherwise the status says.
  const code =
    upstreamCode === 'context_length_exceeded'
      ? 'context_full'
      : upstreamCode === 'unsupported' || upstreamCode === 'output_truncated' || upstreamCode === 'output_invalid'
        ? upstreamCode
        : undefined;
  return httpStatusError(status, {
    message: body?.error?.message ?? `The server answered HTTP ${status}.`,
    ...(code === undefined ? {} : { code }),
    data: { upstreamCode: upstreamCode ?? null, param: body?.error?.param ?? null },
  });
}
