import type { Usage } from '@hearth/spec';

/**
 * Times one generation the same way on every engine, so usage numbers compare across engines:
 * time to first token from the call, prefill rate over that time, decode rate after it.
 */
export class UsageMeter {
  private readonly startedAt: number;
  private firstTokenAt: number | undefined;
  private lastTokenAt: number | undefined;
  private completionTokens = 0;

  constructor(
    private promptTokens: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  setPromptTokens(count: number): void {
    this.promptTokens = count;
  }

  tokens(count = 1): void {
    const t = this.now();
    this.firstTokenAt ??= t;
    this.lastTokenAt = t;
    this.completionTokens += count;
  }

  get generated(): number {
    return this.completionTokens;
  }

  finish(threads?: number): Usage {
    const end = this.now();
    const first = this.firstTokenAt ?? end;
    const ttft = first - this.startedAt;
    const decodeMs = (this.lastTokenAt ?? end) - first;
    const usage: Usage = {
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      timeToFirstTokenMs: round(ttft),
      prefillTokensPerSecond: ttft > 0 ? round((this.promptTokens * 1000) / ttft) : 0,
      // The first token closes prefill; decode speed counts the tokens after it.
      decodeTokensPerSecond: decodeMs > 0 && this.completionTokens > 1 ? round(((this.completionTokens - 1) * 1000) / decodeMs) : 0,
    };
    if (threads !== undefined) usage.threads = threads;
    return usage;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
