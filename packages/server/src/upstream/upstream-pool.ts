import { HearthError, type EngineV1, type GenerateRequest, type GenerateResult, type LoadRequest, type ModelInfo, type StreamPart } from '@hearth/spec';
import { collectStream, RemoteEngine } from '@hearth/sdk/engines';
import type { GatewayConfig } from '../config/gateway-config.ts';

type UpstreamConfig = GatewayConfig['upstreams'][number];

interface Member {
  config: UpstreamConfig;
  engine: RemoteEngine;
  inFlight: number;
  healthy: boolean;
}

export interface UpstreamPoolOptions {
  healthIntervalMs?: number;
  fetch?: typeof fetch;
}

/**
 * One model served by several OpenAI-compatible servers. Each request goes to the healthy member
 * with the fewest requests in flight (under its cap); a member that fails before the first token
 * is marked down and the request moves to the next one. Health checks bring members back.
 */
export class UpstreamPool implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'upstream-pool';
  private readonly members: Member[];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly model: string,
    upstreams: readonly UpstreamConfig[],
    private readonly options: UpstreamPoolOptions = {},
  ) {
    this.members = upstreams.map((config) => ({
      config,
      // The pool does its own failover, so each member tries once.
      engine: new RemoteEngine({
        baseUrl: config.baseUrl.replace(/\/$/, ''),
        model,
        maxAttempts: 1,
        ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
      inFlight: 0,
      healthy: false,
    }));
  }

  get status(): Array<{ name: string; healthy: boolean; inFlight: number }> {
    return this.members.map((m) => ({ name: m.config.name, healthy: m.healthy, inFlight: m.inFlight }));
  }

  async load(_request: LoadRequest): Promise<ModelInfo> {
    await this.checkHealth();
    this.timer ??= setInterval(() => void this.checkHealth(), this.options.healthIntervalMs ?? 5_000);
    this.timer.unref?.();
    if (!this.members.some((m) => m.healthy)) {
      throw new HearthError({
        code: 'engine_unavailable',
        message: `No upstream serving "${this.model}" answered its health check.`,
        hint: `Check: ${this.members.map((m) => m.config.baseUrl).join(', ')}.`,
      });
    }
    return { architecture: 'remote', contextSize: 0, vocabSize: 0 };
  }

  async checkHealth(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        try {
          await m.engine.load({ source: { type: 'url', url: m.config.baseUrl }, signal: AbortSignal.timeout(Math.min(m.config.timeoutMs, 5_000)) });
          m.healthy = true;
        } catch {
          m.healthy = false;
        }
      }),
    );
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    const tried = new Set<Member>();
    let lastError: StreamPart | undefined;
    for (;;) {
      const member = this.pick(tried);
      if (!member) {
        yield (
          lastError ?? {
            type: 'error',
            error: new HearthError({
              code: 'rate_limited',
              message: `Every upstream for "${this.model}" is down or at capacity.`,
              hint: 'Retry after the time in Retry-After.',
              data: { status: 503, retryAfterSeconds: 2 },
            }).toJSON(),
          }
        );
        return;
      }
      tried.add(member);
      member.inFlight++;
      const timeout = AbortSignal.timeout(member.config.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let started = false;
      try {
        for await (const part of member.engine.doStream({ ...request, signal })) {
          if (part.type === 'error' && !started && !request.signal?.aborted && failover(part)) {
            member.healthy = part.error.code === 'network' || part.error.code === 'timeout' ? false : member.healthy;
            lastError = part;
            break;
          }
          if (part.type === 'error' && timeout.aborted && !request.signal?.aborted) {
            yield {
              type: 'error',
              error: new HearthError({ code: 'timeout', message: `Upstream ${member.config.name} took longer than ${member.config.timeoutMs} ms.` }).toJSON(),
            };
            return;
          }
          if (part.type === 'text-delta' || part.type === 'tool-call-delta') started = true;
          yield part;
          if (part.type === 'finish' || part.type === 'error') return;
        }
      } finally {
        member.inFlight--;
      }
    }
  }

  /** Embeddings on the least-loaded healthy member; the next one on failure. */
  async embed(input: readonly string[], signal?: AbortSignal): Promise<{ embeddings: number[][]; promptTokens: number }> {
    const tried = new Set<Member>();
    let last: unknown;
    for (let member = this.pick(tried); member; member = this.pick(tried)) {
      tried.add(member);
      member.inFlight++;
      try {
        return await member.engine.embed(input, signal);
      } catch (error) {
        last = error;
        if (signal?.aborted || !HearthError.from(error).isRetryable) throw error;
      } finally {
        member.inFlight--;
      }
    }
    throw (
      last ??
      new HearthError({
        code: 'rate_limited',
        message: `Every upstream for "${this.model}" is down or at capacity.`,
        data: { status: 503, retryAfterSeconds: 2 },
      })
    );
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private pick(tried: ReadonlySet<Member>): Member | undefined {
    let best: Member | undefined;
    for (const m of this.members) {
      if (!m.healthy || tried.has(m) || m.inFlight >= m.config.maxConcurrency) continue;
      if (!best || m.inFlight < best.inFlight) best = m;
    }
    return best;
  }
}

/** Errors where another server may well succeed: it is down, overloaded or broken, not the request. */
function failover(part: Extract<StreamPart, { type: 'error' }>): boolean {
  return ['network', 'upstream', 'rate_limited', 'timeout', 'engine_crashed', 'engine_unavailable', 'model_not_found', 'model_not_loaded'].includes(
    part.error.code,
  );
}
