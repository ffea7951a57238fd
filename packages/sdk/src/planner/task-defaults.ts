import type { TaskName } from '@hearth/spec';

export interface TaskDefaults {
  /** Context the task usually needs: the input, the instructions and the answer. */
  contextSize: number;
  /**
   * Decode speed under which a device route goes after the self-hosted gateway: people read about
   * 4-5 words (5-7 tokens) a second, so streaming slower than that feels stuck. Short answers
   * (a summary, extracted fields) tolerate less.
   */
  minTokensPerSecond: number;
}

/** Per-task defaults; `plan()` options override them. */
export const TASK_DEFAULTS = {
  chat: { contextSize: 4096, minTokensPerSecond: 8 },
  write: { contextSize: 2048, minTokensPerSecond: 8 },
  rewrite: { contextSize: 2048, minTokensPerSecond: 8 },
  proofread: { contextSize: 2048, minTokensPerSecond: 8 },
  // An email thread to summarize is long; the summary is short.
  summarize: { contextSize: 8192, minTokensPerSecond: 5 },
  extract: { contextSize: 4096, minTokensPerSecond: 5 },
} as const satisfies Record<TaskName, TaskDefaults>;

export const TASK_NAMES = Object.keys(TASK_DEFAULTS) as TaskName[];
