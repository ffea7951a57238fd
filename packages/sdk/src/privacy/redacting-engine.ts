import {
  HearthError,
  type EngineV1,
  type GenerateRequest,
  type GenerateResult,
  type LoadRequest,
  type ModelInfo,
  type RouteInfo,
  type StreamPart,
} from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import type { PiiType } from './pii-types.ts';
import { Redactor, type RedactOptions } from './redactor.ts';
import { createStreamingRestorer } from './streaming-restorer.ts';

/**
 * An engine on a route that leaves the device, behind redaction: every message (and a text
 * prompt) is redacted with one Redactor per request, so a value gets the same placeholder across
 * the whole conversation; the answer streams back restored, a placeholder split across deltas
 * included. It starts its stream with the route's `route` part carrying the counts of what was
 * redacted by type: the only thing about the text that may be reported.
 */
export class RedactingEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId: string;

  constructor(
    private readonly inner: EngineV1,
    private readonly info: RouteInfo,
    private readonly options: Pick<RedactOptions, 'terms'> = {},
  ) {
    this.engineId = inner.engineId;
  }

  load(request: LoadRequest): Promise<ModelInfo> {
    return this.inner.load(request);
  }

  unload(): Promise<void> {
    return this.inner.unload();
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    const redactor = new Redactor(this.options.terms ? { terms: [...this.options.terms] } : {});
    const counts: Partial<Record<PiiType, number>> = {};
    const count = (text: string): string => {
      const result = redactor.redact(text);
      for (const e of result.entities) counts[e.type] = (counts[e.type] ?? 0) + 1;
      return result.text;
    };
    let outgoing: GenerateRequest;
    try {
      outgoing = {
        ...request,
        prompt:
          request.prompt.type === 'text'
            ? { type: 'text', text: count(request.prompt.text) }
            : { type: 'chat', messages: request.prompt.messages.map((m) => ({ ...m, content: count(m.content) })) },
      };
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error).toJSON() };
      return;
    }
    yield { type: 'route', route: { ...this.info, redacted: counts } };
    const restorer = createStreamingRestorer(redactor);
    for await (const part of this.inner.doStream(outgoing)) {
      if (part.type === 'text-delta') {
        const text = restorer.push(part.text);
        if (text !== '') yield { type: 'text-delta', text };
        continue;
      }
      if (part.type === 'finish') {
        const rest = restorer.flush();
        if (rest !== '') yield { type: 'text-delta', text: rest };
      }
      yield part;
    }
  }
}
