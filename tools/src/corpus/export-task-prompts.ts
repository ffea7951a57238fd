import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChatMessage } from '@hearth/spec';
import { buildTaskPrompt, PromptPacks, type PromptTask, type TaskPromptInput } from '@hearth/sdk/tasks';

/** Where the training script puts the text: these never occur in real input. */
export const INPUT_MARK = '\u0001INPUT\u0001';
export const CONTEXT_MARK = '\u0001CONTEXT\u0001';

/** The family Hearth Scribe is trained for: its pack is the one the SDK picks for it at run time. */
export const SCRIBE_FAMILY = 'hearth-scribe';

/** The task calls the composer makes, with the options it passes. */
export const TRAINED_CALLS = {
  proofread: { task: 'proofread', call: { input: INPUT_MARK } },
  'subject-plain': { task: 'summarize', call: { input: INPUT_MARK, options: { type: 'headline', length: 'short', format: 'plain-text' } } },
  'subject-markdown': { task: 'summarize', call: { input: INPUT_MARK, options: { type: 'headline', length: 'short', format: 'markdown' } } },
  continue: { task: 'write', call: { input: INPUT_MARK, context: CONTEXT_MARK, options: { format: 'plain-text' } } },
} as const satisfies Record<string, { task: PromptTask; call: TaskPromptInput }>;

/** llama.cpp's ChatML formatting (llm_chat_apply_template), with the assistant turn opened. */
export function chatml(messages: readonly ChatMessage[]): string {
  return `${messages.map((m) => `<|im_start|>${m.role}\n${typeof m.content === 'string' ? m.content : ''}<|im_end|>\n`).join('')}<|im_start|>assistant\n`;
}

/**
 * Each trained call's whole prompt as the engine will see it, with INPUT_MARK (and CONTEXT_MARK)
 * where the text goes: rendered by the SDK's own pack and template code, so the training data
 * and the SDK's requests cannot drift apart.
 */
export function exportTaskPrompts(): Record<keyof typeof TRAINED_CALLS, string> {
  const packs = PromptPacks.shipped();
  const out = {} as Record<keyof typeof TRAINED_CALLS, string>;
  for (const [name, { task, call }] of Object.entries(TRAINED_CALLS) as Array<
    [keyof typeof TRAINED_CALLS, (typeof TRAINED_CALLS)[keyof typeof TRAINED_CALLS]]
  >) {
    const { pack } = packs.select(task, { family: SCRIBE_FAMILY });
    out[name] = chatml(buildTaskPrompt(pack, call as TaskPromptInput).messages);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--out');
  const out = resolve(at > 0 ? process.argv[at + 1]! : '.train/corpus/prompts.json');
  writeFileSync(out, `${JSON.stringify({ inputMark: INPUT_MARK, contextMark: CONTEXT_MARK, prompts: exportTaskPrompts() }, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
