import type { RouteInfo } from './stream-part.ts';

/** OpenAI chat-completions wire types (the subset Hearth accepts and emits). */

export interface OpenAIChatMessage {
  role: 'system' | 'user' | 'assistant' | 'developer' | 'tool';
  /** `null` on an assistant message that only calls tools. */
  content: string | Array<{ type: 'text'; text: string }> | null;
  tool_calls?: OpenAIToolCall[];
  /** On a `tool` message: the call it answers. */
  tool_call_id?: string;
  name?: string;
}

/** A function the model may call (`tools[]`). */
export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type OpenAIToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A streamed piece of a call: `id`, `type` and the name on its first piece, argument text after. */
export interface OpenAIToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface OpenAITokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

export interface OpenAIChoiceLogprobs {
  content: OpenAITokenLogprob[] | null;
  refusal: null;
}

export interface OpenAIChatCompletionRequest {
  model: string;
  messages: OpenAIChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string | string[];
  n?: number;
  response_format?: OpenAIResponseFormat;
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  frequency_penalty?: number;
  presence_penalty?: number;
}

/** OpenAI's `response_format`; Hearth enforces `strict` always (it never generates unconstrained). */
export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

/** Hearth's additions to OpenAI's usage object (absent from OpenAI, ignored by its client). */
export interface HearthUsageExtra {
  time_to_first_token_ms: number;
  prefill_tokens_per_second: number;
  decode_tokens_per_second: number;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  hearth?: HearthUsageExtra;
}

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls';

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: OpenAIToolCall[] };
    finish_reason: OpenAIFinishReason;
    logprobs: OpenAIChoiceLogprobs | null;
  }>;
  usage: OpenAIUsage;
  /** Hearth's addition: every route the answer ran on, in order (the last one finished it). */
  hearth?: { routes: RouteInfo[] };
}

export interface OpenAIChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: 'assistant'; content?: string | null; tool_calls?: OpenAIToolCallDelta[] };
    finish_reason: OpenAIFinishReason | null;
    logprobs: OpenAIChoiceLogprobs | null;
  }>;
  usage?: OpenAIUsage | null;
  /** Hearth's addition, on the chunk that follows a route's start: where the text after it runs. */
  hearth?: { route: RouteInfo };
}

/** OpenAI's error body: `{"error": {...}}`. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';
    param: string | null;
    code: string | null;
  };
}
