import type { JsonSchema } from './json-schema.ts';

/**
 * A function the model may call (OpenAI's `tools[].function`). `parameters` is the JSON Schema of
 * its arguments, an object schema; engines constrain the arguments to it or refuse the request.
 *
 * @example { name: 'add_event', description: 'Add a calendar event', parameters: { type: 'object', properties: { title: { type: 'string', maxLength: 80 } }, required: ['title'] } }
 */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** Default: any JSON object. */
  parameters?: JsonSchema;
}

/**
 * Whether and which tool the model calls: `auto` (it chooses a call or a text answer), `none` (text
 * only), `required` (at least one call), or one named function.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

/** One call the model made; `arguments` is the JSON text of the arguments object, as OpenAI sends it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A piece of a streamed tool call, shaped as OpenAI's `delta.tool_calls[]`: the first piece of each
 * call (by `index`) carries its `id` and `name`, later ones only more `argumentsText`.
 */
export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  argumentsText: string;
}

/** A token's log-probability and its most likely alternatives at that position (OpenAI's `logprobs.content[]`). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** UTF-8 bytes of the token. */
  bytes: number[];
  /** The `top` most likely tokens at this position, most likely first (empty when none were asked for). */
  top: Array<{ token: string; logprob: number; bytes: number[] }>;
}
