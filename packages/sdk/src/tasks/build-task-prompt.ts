import type { ChatMessage, JsonSchema } from '@hearth/spec';
import type { PromptPack } from './prompt-pack-schema.ts';

/** What one call puts into a pack's templates. */
export interface TaskPromptInput {
  input: string;
  /** The chosen value of each of the task's axes (e.g. `{ type: 'tldr', length: 'short', format: 'markdown' }`). */
  options?: Readonly<Record<string, string>>;
  context?: string;
  /** `extract`: the schema the answer follows. */
  schema?: JsonSchema;
  /** `classify`: the labels to choose from. */
  labels?: readonly string[];
}

export interface TaskPrompt {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  topP?: number;
  stop?: string[];
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * Fills `{{name}}` in one pass: text that arrives through a value (the user's input) is never
 * scanned again, so an input containing `{{schema}}` stays literal.
 */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/**
 * The chat messages and generation settings a pack makes for one input: the instructions (as a
 * system message, or folded into the first user turn for templates without a system role), the
 * few-shot turns whose options match the call, then the input.
 *
 * @example const { messages, maxTokens } = buildTaskPrompt(pack, { input: text, options: { type: 'tldr', length: 'short', format: 'plain-text' } })
 */
export function buildTaskPrompt(pack: PromptPack, call: TaskPromptInput): TaskPrompt {
  const options = call.options ?? {};
  const axisValues: Record<string, string> = {};
  let factor = 1;
  for (const [axis, byValue] of Object.entries(pack.options)) {
    const chosen = options[axis];
    const option = chosen === undefined ? undefined : byValue[chosen];
    if (!option) continue;
    factor *= option.maxTokensFactor ?? 1;
    axisValues[axis] = typeof option.text === 'string' ? option.text : (option.text.byValue[options[option.text.dependsOn] ?? ''] ?? '');
  }
  const shared: Record<string, string> = { ...axisValues };
  if (call.schema !== undefined) shared['schema'] = JSON.stringify(call.schema);
  if (call.labels !== undefined) shared['labels'] = JSON.stringify(call.labels);
  const userTurn = (input: string, context: string | undefined, extra: Record<string, string> = {}): string =>
    fill(pack.user, { ...shared, ...extra, input, context: context ? fill(pack.contextTemplate, { context }) : '' });

  const messages: ChatMessage[] = [];
  const system = fill(pack.system, shared);
  for (const example of pack.examples) {
    const applies = Object.entries(example.options ?? {}).every(([axis, value]) => options[axis] === value);
    if (!applies) continue;
    const extra: Record<string, string> = {};
    if (example.schema !== undefined) extra['schema'] = JSON.stringify(example.schema);
    if (example.labels !== undefined) extra['labels'] = JSON.stringify(example.labels);
    messages.push({ role: 'user', content: userTurn(example.input, example.context, extra) }, { role: 'assistant', content: example.output });
  }
  messages.push({ role: 'user', content: userTurn(call.input, call.context) });
  if (pack.systemPlacement === 'system') {
    messages.unshift({ role: 'system', content: system });
  } else {
    const first = messages[0];
    if (first) messages[0] = { role: first.role, content: `${system}\n\n${first.content}` };
  }

  const budget = pack.generation.maxTokens;
  const prompt: TaskPrompt = {
    messages,
    maxTokens: Math.max(1, Math.min(budget.max, Math.ceil((budget.base + budget.perInputChar * call.input.length) * factor))),
    temperature: pack.generation.temperature,
  };
  if (pack.generation.topP !== undefined) prompt.topP = pack.generation.topP;
  if (pack.generation.stop !== undefined) prompt.stop = [...pack.generation.stop];
  return prompt;
}
