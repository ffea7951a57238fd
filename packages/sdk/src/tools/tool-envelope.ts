import { HearthError, type ChatMessage, type JsonSchema, type ToolChoice, type ToolDefinition } from '@hearth/spec';
import { isRecord } from '../structured/map-schema.ts';

/**
 * Hearth's tool-call format for llama.cpp engines, used where a model's chat template has no tool
 * format of its own (README "Tool calling" documents it). The model answers with one JSON object,
 * constrained by a grammar compiled from `toolEnvelopeSchema`:
 *
 *   {"tool_calls": [{"name": "add_event", "arguments": {"title": "Lunch"}}]}   calls, in order
 *   {"content": "It is sunny."}                                                 a text answer (`auto` only)
 *
 * Tools are described in the system message (`renderToolPrompt`), earlier calls are written back
 * in the same JSON, and tool results go in a user turn as `<tool_response>` blocks: the layout
 * Qwen2.5's and Hermes' templates use, so models trained on those read it as they were taught.
 */
export interface ToolEnvelopeOptions {
  tools: readonly ToolDefinition[];
  choice: ToolChoice;
  parallel: boolean;
}

/** The schema the whole answer must satisfy; each call's `arguments` is the function's own schema. */
export function toolEnvelopeSchema({ tools, choice, parallel }: ToolEnvelopeOptions): JsonSchema {
  const selected = typeof choice === 'object' ? tools.filter((t) => t.name === choice.name) : tools;
  const $defs: Record<string, JsonSchema> = {};
  const call = (tool: ToolDefinition): JsonSchema => ({
    type: 'object',
    properties: { name: { type: 'string', const: tool.name }, arguments: hoistDefs(tool.parameters ?? { type: 'object' }, tools.indexOf(tool), $defs) },
    required: ['name', 'arguments'],
    additionalProperties: false,
  });
  const items = selected.length === 1 && selected[0] ? call(selected[0]) : { anyOf: selected.map(call) };
  const calls: JsonSchema = {
    type: 'object',
    properties: { tool_calls: { type: 'array', items, minItems: 1, ...(parallel ? {} : { maxItems: 1 }) } },
    required: ['tool_calls'],
    additionalProperties: false,
  };
  const withDefs = (schema: JsonSchema): JsonSchema => (Object.keys($defs).length > 0 ? { ...schema, $defs } : schema);
  if (choice !== 'auto') return withDefs(calls);
  const answer: JsonSchema = { type: 'object', properties: { content: { type: 'string' } }, required: ['content'], additionalProperties: false };
  return withDefs({ anyOf: [answer, calls] });
}

/**
 * A function's `$defs` moved to the envelope's root under `t<index>_<name>`, and its `$ref`s
 * rewritten to match: refs resolve from the root, and two tools may use the same names.
 */
function hoistDefs(parameters: JsonSchema, index: number, into: Record<string, JsonSchema>): JsonSchema {
  const prefix = `t${index}_`;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) out[key] = `#/$defs/${prefix}${value.slice('#/$defs/'.length)}`;
      else if (key === '$defs' && node === parameters) continue;
      else out[key] = rewrite(value);
    }
    return out;
  };
  const defs = parameters.$defs;
  if (defs) for (const [name, def] of Object.entries(defs)) into[`${prefix}${name}`] = rewrite(def) as JsonSchema;
  return rewrite(parameters) as JsonSchema;
}

/** Whether a request's tools constrain its answer (tools given and `toolChoice` not `none`). */
export function toolsActive(request: { tools?: readonly ToolDefinition[] | undefined; toolChoice?: ToolChoice | undefined }): boolean {
  return (request.tools?.length ?? 0) > 0 && request.toolChoice !== 'none';
}

/**
 * The conversation in plain system/user/assistant turns: the tools described in the system message
 * (when they are in force), earlier calls as the JSON the model writes, tool results in user turns.
 */
export function renderToolPrompt(messages: readonly ChatMessage[], options: ToolEnvelopeOptions | undefined): ChatMessage[] {
  const names = new Map<string, string>();
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
      for (const call of m.toolCalls) names.set(call.id, call.name);
      const calls = m.toolCalls.map((c) => `{"name":${JSON.stringify(c.name)},"arguments":${argumentsJson(c.arguments)}}`);
      out.push({ role: 'assistant', content: `{"tool_calls":[${calls.join(',')}]}` });
    } else if (m.role === 'tool') {
      const block = `<tool_response>\n${JSON.stringify({ tool_call_id: m.toolCallId ?? null, name: names.get(m.toolCallId ?? '') ?? null, content: m.content })}\n</tool_response>`;
      const last = out[out.length - 1];
      // Consecutive results (parallel calls) share one user turn, as Qwen2.5's template writes them.
      if (last?.role === 'user' && last.content.startsWith('<tool_response>')) out[out.length - 1] = { role: 'user', content: `${last.content}\n${block}` };
      else out.push({ role: 'user', content: block });
    } else {
      out.push({ role: m.role, content: m.content });
    }
  }
  if (!options) return out;
  const instructions = toolInstructions(options);
  const first = out[0];
  if (first?.role === 'system') out[0] = { role: 'system', content: `${first.content}\n\n${instructions}` };
  else out.unshift({ role: 'system', content: instructions });
  return out;
}

function toolInstructions({ tools, choice }: ToolEnvelopeOptions): string {
  const listed = tools.map((t) =>
    JSON.stringify({
      type: 'function',
      function: { name: t.name, ...(t.description === undefined ? {} : { description: t.description }), parameters: t.parameters ?? { type: 'object' } },
    }),
  );
  const how =
    choice === 'auto'
      ? 'To call functions, answer {"tool_calls": [{"name": <function-name>, "arguments": <arguments-object>}, ...]}. To answer in text, answer {"content": <your answer>}.'
      : typeof choice === 'object'
        ? `Call the function ${choice.name}: answer {"tool_calls": [{"name": "${choice.name}", "arguments": <arguments-object>}]}.`
        : 'Call one or more functions: answer {"tool_calls": [{"name": <function-name>, "arguments": <arguments-object>}, ...]}.';
  return `# Tools\n\nYou may call one or more functions to assist with the user query. The functions, in JSON Schema:\n<tools>\n${listed.join('\n')}\n</tools>\n\nAnswer with one JSON object. ${how}`;
}

/** A call's arguments as JSON text; arguments an app sent back that are not JSON are kept as a string. */
function argumentsJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}

/**
 * Tools, their choice and a parallel flag checked as plain data (requests cross Workers and HTTP):
 * names as OpenAI allows them, no duplicates, object parameter schemas, a named choice that exists.
 */
export function validateTools(request: { tools?: unknown; toolChoice?: unknown; parallelToolCalls?: unknown }): HearthError | undefined {
  const bad = (param: string, message: string): HearthError =>
    new HearthError({ code: 'invalid_request', message: `Invalid '${param}': ${message}`, data: { param } });
  const { tools, toolChoice } = request;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return bad('tools', 'must be an array.');
    const seen = new Set<string>();
    for (const [i, tool] of (tools as unknown[]).entries()) {
      if (!isRecord(tool) || typeof tool['name'] !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool['name']))
        return bad(`tools[${i}].function.name`, 'must be 1-64 letters, digits, _ or -.');
      if (seen.has(tool['name'])) return bad(`tools[${i}].function.name`, `"${tool['name']}" is defined twice.`);
      seen.add(tool['name']);
      const parameters = tool['parameters'];
      if (parameters !== undefined && (!isRecord(parameters) || (parameters['type'] !== undefined && parameters['type'] !== 'object')))
        return bad(`tools[${i}].function.parameters`, 'must be a JSON Schema of type object.');
    }
  }
  if (toolChoice !== undefined) {
    const names = Array.isArray(tools) ? (tools as Array<{ name?: unknown }>).map((t) => t.name) : [];
    if (typeof toolChoice === 'string') {
      if (!['auto', 'none', 'required'].includes(toolChoice)) return bad('tool_choice', `"${toolChoice}" is not auto, none, required or a named function.`);
      if (toolChoice === 'required' && names.length === 0) return bad('tool_choice', '"required" needs tools.');
    } else if (!isRecord(toolChoice) || typeof toolChoice['name'] !== 'string' || !names.includes(toolChoice['name'])) {
      return bad('tool_choice', 'names no function given in tools.');
    }
  }
  if (request.parallelToolCalls !== undefined && typeof request.parallelToolCalls !== 'boolean') return bad('parallel_tool_calls', 'must be a boolean.');
  return undefined;
}
