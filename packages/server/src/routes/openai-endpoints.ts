import {
  parseChatCompletionRequest,
  parseCompletionRequest,
  toChatCompletion,
  toChatCompletionChunks,
  toCompletion,
  toCompletionChunks,
  type OpenAICompletion,
} from '@hearth/sdk/openai';
import type { OpenAIChatCompletion, OpenAIChatCompletionChunk } from '@hearth/spec';
import type { GenerationEndpoint } from './generation-route.ts';

export const chatCompletionsEndpoint: GenerationEndpoint<OpenAIChatCompletionChunk, OpenAIChatCompletion> = {
  name: 'chat completion',
  parse: parseChatCompletionRequest,
  chunks: toChatCompletionChunks,
  whole: toChatCompletion,
};

export const completionsEndpoint: GenerationEndpoint<OpenAICompletion, OpenAICompletion> = {
  name: 'completion',
  parse: parseCompletionRequest,
  chunks: toCompletionChunks,
  whole: toCompletion,
};
