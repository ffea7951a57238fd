// Task APIs shaped like the W3C writing-assistance drafts, on any EngineV1, with prompt packs as data.
export { Summarizer, SUMMARIZER_DEFAULTS, type SummarizerOptions, type SummarizerType, type SummarizerLength, type SummarizerFormat } from './summarizer.ts';
export { Writer, WRITER_DEFAULTS, type WriterOptions, type WriterTone, type WriterLength, type WriterFormat } from './writer.ts';
export { Rewriter, REWRITER_DEFAULTS, type RewriterOptions, type RewriterTone, type RewriterLength, type RewriterFormat } from './rewriter.ts';
export { Proofreader, type ProofreaderOptions, type ProofreadResult } from './proofreader.ts';
export { TaskSession } from './task-session.ts';
export { extract, extractStreaming, type ExtractOptions, type ExtractResult, type ExtractStreamPart } from './extract.ts';
export { classify, type ClassifyOptions, type ClassifyResult } from './classify.ts';
export { runTask, type TaskRuns, type TaskKind, type TaskRunArgs } from './run-task.ts';
export type { PackOptions, GenerationOptions, TaskCallOptions, TaskSessionOptions, TextTaskResult, TaskTextStream } from './task-options.ts';
export {
  diffCorrections,
  applyCorrections,
  classifyCorrection,
  tokenizeForDiff,
  type ProofreadCorrection,
  type CorrectionType,
  type DiffCorrectionsOptions,
  type DiffToken,
} from './diff-corrections.ts';
export { diffTokens, MAX_DIFF_EDITS, type TokenHunk } from './diff-tokens.ts';
export {
  PromptPacks,
  parsePromptPack,
  parsePromptPackFile,
  FALLBACK_PROMPT_FAMILY,
  type PromptPackRef,
  type PackSelection,
  type SelectedPack,
} from './prompt-packs.ts';
export {
  promptPackSchema,
  promptPackFileSchema,
  PROMPT_TASKS,
  KNOWN_PROMPT_FAMILIES,
  TASK_AXES,
  type PromptPack,
  type PromptPackInput,
  type PromptPackFile,
  type PromptPackFileInput,
  type PromptTask,
  type KnownPromptFamily,
} from './prompt-pack-schema.ts';
export { detectPromptFamily, modelHintsFromGguf, type ModelHints } from './detect-prompt-family.ts';
export { buildTaskPrompt, type TaskPrompt, type TaskPromptInput } from './build-task-prompt.ts';
