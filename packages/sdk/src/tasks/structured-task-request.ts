import { HearthError, type EngineV1, type GenerateRequest, type JsonSchema } from '@hearth/spec';
import { buildTaskPrompt } from './build-task-prompt.ts';
import type { PromptPackRef } from './prompt-packs.ts';
import { joinContext, packsOrDefault, requireText, taskRequest, type PackOptions, type TaskCallOptions } from './task-options.ts';

/** The request (without its response format) for a task whose answer is JSON (extract, classify). */
export function structuredTaskRequest(
  engine: EngineV1,
  task: 'extract' | 'classify',
  text: unknown,
  options: PackOptions & TaskCallOptions,
  fill: { schema?: JsonSchema; labels?: readonly string[] },
): { pack: PromptPackRef; request: GenerateRequest } {
  if (typeof engine?.doStream !== 'function')
    throw new HearthError({ code: 'invalid_request', message: 'engine must be an EngineV1.', data: { field: 'engine' } });
  const input = requireText('text', text);
  if (input.trim() === '') throw new HearthError({ code: 'invalid_request', message: `Nothing to ${task}: the text is empty.`, data: { field: 'text' } });
  const selection: PackOptions = {};
  if (options.family !== undefined) selection.family = options.family;
  if (options.model !== undefined) selection.model = options.model;
  const { pack, ref } = packsOrDefault(options.packs).select(task, selection);
  const context = joinContext(undefined, options.context === undefined ? undefined : requireText('context', options.context));
  const prompt = buildTaskPrompt(pack, { input, ...fill, ...(context === undefined ? {} : { context }) });
  return { pack: ref, request: taskRequest(prompt, [options], options.signal) };
}
