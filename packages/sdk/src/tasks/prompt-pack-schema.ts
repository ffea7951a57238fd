import { z } from '../validation/zod.ts';

// Prompt packs are data (packs/*.json), checked against this schema when they are loaded, so a
// pack with a typo in a placeholder or a missing option fails at load with the field named, never
// later as a silently worse prompt.

/** The tasks a prompt pack can serve. */
export const PROMPT_TASKS = ['summarize', 'write', 'rewrite', 'proofread', 'extract', 'classify'] as const;
export type PromptTask = (typeof PROMPT_TASKS)[number];

/** The families Hearth ships packs for; apps may register packs for other family names. */
export const KNOWN_PROMPT_FAMILIES = ['chatml', 'llama3', 'mistral', 'phi', 'gemma', 'hearth-demo', 'hearth-scribe'] as const;
export type KnownPromptFamily = (typeof KNOWN_PROMPT_FAMILIES)[number];

/**
 * The option axes of each task and their values, as the W3C writing-assistance drafts define them
 * (Summarizer type/length/format, Writer tone/length/format, Rewriter tone/length/format). These
 * are the API, so they live in code; what each value *says to the model* lives in the packs.
 */
export const TASK_AXES = {
  summarize: { type: ['tldr', 'teaser', 'key-points', 'headline'], length: ['short', 'medium', 'long'], format: ['plain-text', 'markdown'] },
  write: { tone: ['formal', 'neutral', 'casual'], length: ['short', 'medium', 'long'], format: ['plain-text', 'markdown'] },
  rewrite: { tone: ['as-is', 'more-formal', 'more-casual'], length: ['as-is', 'shorter', 'longer'], format: ['as-is', 'plain-text', 'markdown'] },
  proofread: {},
  extract: {},
  classify: {},
} as const satisfies Record<PromptTask, Record<string, readonly string[]>>;

/** Placeholders a task's templates may use beside its axes; `input` must appear in `user`. */
const TASK_PLACEHOLDERS: Record<PromptTask, readonly string[]> = {
  summarize: ['input', 'context'],
  write: ['input', 'context'],
  rewrite: ['input', 'context'],
  proofread: ['input', 'context'],
  extract: ['input', 'context', 'schema'],
  classify: ['input', 'context', 'labels'],
};

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Names of the `{{placeholders}}` in a template, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

const factor = z.number().positive().max(100);

/** What one option value (e.g. `length: "short"`) adds to the prompt and to the token budget. */
const optionValueSchema = z.strictObject({
  /** The instruction, or one per value of another axis (a "short" headline is not a "short" summary). */
  text: z.union([z.string(), z.strictObject({ dependsOn: z.string().min(1), byValue: z.record(z.string(), z.string()) })]),
  /** Multiplies the pack's token budget (e.g. 3 for a long summary). */
  maxTokensFactor: factor.optional(),
});

const exampleSchema = z.strictObject({
  /** Only shown when every option named here has this value in the call. */
  options: z.record(z.string(), z.string()).optional(),
  context: z.string().optional(),
  /** For `extract` examples: the schema the example's output follows. */
  schema: z.record(z.string(), z.unknown()).optional(),
  /** For `classify` examples. */
  labels: z.array(z.string().min(1)).min(2).optional(),
  input: z.string(),
  output: z.string().min(1),
});

export const promptPackSchema = z
  .strictObject({
    /** Unique within a registry, e.g. "chatml/summarize". */
    id: z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,127}$/, 'use lowercase letters, digits, ".", "_", "/" and "-" (up to 128)'),
    /** Semantic version of this pack's wording; results report it, so quality changes are traceable. */
    version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'use a semantic version like "1.2.0"'),
    task: z.enum(PROMPT_TASKS),
    family: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use lowercase letters, digits, ".", "_" and "-"'),
    description: z.string().optional(),
    /**
     * `system`: instructions go in a system message. `first-user`: they are prepended to the
     * first user message, for chat templates that reject or drop a system role (Gemma, Mistral).
     */
    systemPlacement: z.enum(['system', 'first-user']),
    system: z.string().min(1),
    user: z.string().min(1),
    /** What `{{context}}` becomes when the app gave context (`{{context}}` inside is the raw text); empty otherwise. */
    contextTemplate: z.string().default('{{context}}\n\n'),
    /** Per axis, per value: the instruction `{{axis}}` becomes. Every value of every axis of the task is required. */
    options: z.record(z.string(), z.record(z.string(), optionValueSchema)).default({}),
    /** Few-shot turns shown before the real input. */
    examples: z.array(exampleSchema).max(8).default([]),
    generation: z.strictObject({
      temperature: z.number().min(0).max(2),
      topP: z.number().gt(0).max(1).optional(),
      /**
       * Token budget: `base` plus `perInputChar` per character of input, times the chosen options'
       * factors, capped at `max`. Output that scales with the input (rewrite, proofread) needs the
       * per-character part; a caller's `maxTokens` replaces the whole computation.
       */
      maxTokens: z.strictObject({ base: z.number().int().positive(), perInputChar: z.number().min(0).max(8).default(0), max: z.number().int().positive() }),
      stop: z.array(z.string().min(1)).max(4).optional(),
      /**
       * Proofread only: keep a correction only where the model chose it over leaving the text as it
       * was by at least this many nats (the gap between the log-probabilities of its token and of
       * the token that copies the input). Needs an engine that reports token log-probabilities;
       * on one that does not, every correction is kept.
       */
      minCorrectionMargin: z.number().min(0).max(20).optional(),
    }),
  })
  .superRefine((pack, ctx) => {
    const axes: Record<string, readonly string[]> = TASK_AXES[pack.task];
    const allowed = new Set([...TASK_PLACEHOLDERS[pack.task], ...Object.keys(axes)]);
    const checkTemplate = (template: string, path: (string | number)[], extra: readonly string[] = []): void => {
      for (const name of placeholdersOf(template)) {
        if (!allowed.has(name) && !extra.includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `unknown placeholder {{${name}}}; ${pack.task} packs may use ${[...allowed].map((n) => `{{${n}}}`).join(', ')}`,
          });
        }
      }
    };
    checkTemplate(pack.system, ['system']);
    checkTemplate(pack.user, ['user']);
    if (!placeholdersOf(pack.user).includes('input')) ctx.addIssue({ code: 'custom', path: ['user'], message: 'must contain {{input}}' });
    for (const name of placeholdersOf(pack.contextTemplate)) {
      if (name !== 'context') ctx.addIssue({ code: 'custom', path: ['contextTemplate'], message: `may only use {{context}}, not {{${name}}}` });
    }
    for (const [axis, values] of Object.entries(axes)) {
      const given = pack.options[axis];
      if (!given) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', axis],
          message: `missing: ${pack.task} packs must say what each ${axis} (${values.join(', ')}) means`,
        });
        continue;
      }
      for (const value of values) {
        const option = given[value];
        if (!option) {
          ctx.addIssue({ code: 'custom', path: ['options', axis, value], message: 'missing' });
          continue;
        }
        if (typeof option.text === 'string') continue;
        const other: readonly string[] | undefined = axes[option.text.dependsOn];
        if (!other || option.text.dependsOn === axis) {
          ctx.addIssue({
            code: 'custom',
            path: ['options', axis, value, 'text', 'dependsOn'],
            message: `must name another axis of ${pack.task}: ${Object.keys(axes)
              .filter((a) => a !== axis)
              .join(', ')}`,
          });
          continue;
        }
        for (const v of other)
          if (option.text.byValue[v] === undefined) ctx.addIssue({ code: 'custom', path: ['options', axis, value, 'text', 'byValue', v], message: 'missing' });
      }
      for (const value of Object.keys(given))
        if (!values.includes(value))
          ctx.addIssue({ code: 'custom', path: ['options', axis, value], message: `not a ${axis} of ${pack.task}: ${values.join(', ')}` });
    }
    for (const axis of Object.keys(pack.options))
      if (!(axis in axes)) ctx.addIssue({ code: 'custom', path: ['options', axis], message: `${pack.task} has no option "${axis}"` });
    for (const [i, example] of pack.examples.entries()) {
      for (const [axis, value] of Object.entries(example.options ?? {})) {
        if (!axes[axis]?.includes(value))
          ctx.addIssue({ code: 'custom', path: ['examples', i, 'options', axis], message: `not an option value of ${pack.task}` });
      }
      if (pack.task === 'extract' || pack.task === 'classify') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(example.output);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['examples', i, 'output'], message: `must be JSON: ${pack.task} answers are JSON` });
        }
        if (pack.task === 'extract' && example.schema === undefined)
          ctx.addIssue({ code: 'custom', path: ['examples', i, 'schema'], message: 'extract examples need the schema their output follows' });
        if (pack.task === 'classify') {
          const label = typeof parsed === 'object' && parsed !== null && 'label' in parsed ? parsed.label : undefined;
          if (example.labels === undefined) ctx.addIssue({ code: 'custom', path: ['examples', i, 'labels'], message: 'classify examples need their labels' });
          else if (typeof label !== 'string' || !example.labels.includes(label))
            ctx.addIssue({ code: 'custom', path: ['examples', i, 'output'], message: 'must be {"label": one of the example\'s labels}' });
        }
      }
    }
    if (pack.generation.maxTokens.base > pack.generation.maxTokens.max)
      ctx.addIssue({ code: 'custom', path: ['generation', 'maxTokens', 'base'], message: 'must not exceed max' });
  });

/** A file of packs (one per task, usually for one model family). */
export const promptPackFileSchema = z.strictObject({
  packFormat: z.literal(1),
  packs: z.array(promptPackSchema).min(1),
});

/** A validated prompt pack (defaults filled in). */
export type PromptPack = z.output<typeof promptPackSchema>;
/** A prompt pack as written in JSON (defaults may be left out). */
export type PromptPackInput = z.input<typeof promptPackSchema>;
export type PromptPackFile = z.output<typeof promptPackFileSchema>;
export type PromptPackFileInput = z.input<typeof promptPackFileSchema>;
