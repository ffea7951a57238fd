// Runs every task API against one engine and reports what came back, as plain JSON. The Node
// integration test (node-llama-cpp, remote) and the Chromium harness page (wllama, llama-wasm)
// run this same code, so every engine is exercised the same way; the assertions live in the
// test files.
import {
  createHearth,
  HearthError,
  Proofreader,
  Rewriter,
  Summarizer,
  Writer,
  type ClassifyResult,
  type ExtractResult,
  type ProofreadResult,
  type TaskTextStream,
  type TextTaskResult,
} from '@hearth/sdk';
import { classify, extractStreaming, type ModelHints, type PromptPackRef, type TaskSession } from '@hearth/sdk/tasks';
import type { EngineV1, JsonSchema, JsonValue, SerializedHearthError } from '@hearth/spec';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError };

export interface StreamedText {
  result: TextTaskResult;
  /** The deltas of the streaming call, in order. */
  deltas: string[];
  streamPack: PromptPackRef;
}

export interface TaskReport {
  summarize: Outcome<StreamedText>;
  write: Outcome<StreamedText>;
  rewrite: Outcome<StreamedText>;
  proofread: Outcome<ProofreadResult & { input: string }>;
  extract: Outcome<{ result: ExtractResult<JsonValue>; partials: JsonValue[] }>;
  classify: Outcome<ClassifyResult<string>>;
  /** `createHearth({ engine }).run(...)`, the one-call form. */
  run: Outcome<TextTaskResult>;
  /** extract with a keyword no local engine enforces (`uniqueItems`): refused before generating. */
  unsupported: Outcome<unknown>;
  /** A streaming summary aborted after its first delta. */
  aborted: Outcome<{ deltasBeforeAbort: number }>;
}

export interface EveryTaskOptions {
  /** Token budget of the text tasks (the tiny model never stops by itself). */
  maxTokens: number;
  /** Room for a bounded JSON value to close. */
  structuredMaxTokens: number;
  model?: ModelHints;
}

export const TASK_INPUTS = {
  summarize: 'The city council voted on Tuesday to extend the bus network to the northern suburbs. Work starts in March and should take two years.',
  write: 'A short note asking a neighbour to water the plants while I am away.',
  rewrite: "hey, can't make it tomorrow, can we move it to friday?",
  proofread: "I recieve teh package yesterday, it's color was definately wrong.",
  extract: 'Ana Lima, 34, is an active member of the club.',
  classify: 'I was charged twice for my subscription this month.',
} as const;

/** Bounded, so the JSON closes within the budget whatever the random weights prefer. */
export const EXTRACT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 24 }, age: { type: 'integer' }, active: { type: 'boolean' } },
  required: ['name', 'age', 'active'],
  additionalProperties: false,
};

export const CLASSIFY_LABELS = ['billing', 'bug report', 'feature request'] as const;

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: HearthError.from(error).toJSON() };
  }
}

async function streamed(session: TaskSession, input: string, stream: (input: string) => TaskTextStream): Promise<StreamedText> {
  const deltas: string[] = [];
  const deltaStream = stream(input);
  for await (const delta of deltaStream) deltas.push(delta);
  return { result: await session.complete(input), deltas, streamPack: deltaStream.pack };
}

export async function runEveryTask(engine: EngineV1, options: EveryTaskOptions): Promise<TaskReport> {
  // Greedy, so the streaming and the one-shot call of a task must produce the same text.
  const common = { engine, maxTokens: options.maxTokens, temperature: 0, ...(options.model ? { model: options.model } : {}) };
  const model = options.model ? { model: options.model } : {};
  const summarizer = await Summarizer.create({ ...common, type: 'tldr', length: 'short', format: 'plain-text' });
  const writer = await Writer.create({ ...common, tone: 'casual' });
  const rewriter = await Rewriter.create({ ...common, tone: 'more-formal', length: 'shorter' });
  const report: TaskReport = {
    summarize: await settle(() => streamed(summarizer, TASK_INPUTS.summarize, (i) => summarizer.summarizeStreaming(i))),
    write: await settle(() => streamed(writer, TASK_INPUTS.write, (i) => writer.writeStreaming(i))),
    rewrite: await settle(() => streamed(rewriter, TASK_INPUTS.rewrite, (i) => rewriter.rewriteStreaming(i))),
    proofread: await settle(async () => {
      const proofreader = await Proofreader.create({ ...common, includeCorrectionTypes: true, includeCorrectionExplanations: true });
      return { input: TASK_INPUTS.proofread, ...(await proofreader.proofread(TASK_INPUTS.proofread)) };
    }),
    extract: await settle(async () => {
      const partials: JsonValue[] = [];
      for await (const part of extractStreaming(engine, TASK_INPUTS.extract, EXTRACT_SCHEMA, {
        ...model,
        maxTokens: options.structuredMaxTokens,
        temperature: 0,
      })) {
        if (part.type === 'partial') partials.push(part.value);
        else return { result: { value: part.value, text: part.text, finishReason: part.finishReason, usage: part.usage, pack: part.pack }, partials };
      }
      throw new HearthError({ code: 'internal', message: 'extractStreaming ended without a value.' });
    }),
    classify: await settle(() => classify(engine, TASK_INPUTS.classify, CLASSIFY_LABELS, { ...model, maxTokens: options.structuredMaxTokens, temperature: 0 })),
    run: await settle(() =>
      createHearth({ engine }).run('rewrite', TASK_INPUTS.rewrite, {
        ...model,
        maxTokens: options.maxTokens,
        temperature: 0,
        tone: 'more-formal',
        length: 'shorter',
      }),
    ),
    unsupported: await settle(() =>
      createHearth({ engine }).run('extract', TASK_INPUTS.extract, {
        ...model,
        maxTokens: options.structuredMaxTokens,
        schema: {
          type: 'object',
          properties: { tags: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3, uniqueItems: true } },
          required: ['tags'],
        },
      }),
    ),
    aborted: await settle(async () => {
      const controller = new AbortController();
      let deltasBeforeAbort = 0;
      for await (const _ of summarizer.summarizeStreaming(TASK_INPUTS.summarize, { signal: controller.signal, maxTokens: 200 })) {
        deltasBeforeAbort++;
        controller.abort();
      }
      return { deltasBeforeAbort };
    }),
  };
  return report;
}
