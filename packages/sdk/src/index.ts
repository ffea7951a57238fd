// `@hearth/sdk`: the one call, and what an app needs around it. Browser-safe: nothing here
// imports Node built-ins. Every layer under it has a subpath of its own (package.json `exports`):
// engines, planner, store, hub, structured, tasks, privacy, eval, openai, gguf, http, node, test.
// `public-surface.test.ts` lists these names, so a change to them is deliberate.
export { createHearth, type Hearth, type PrepareOptions, type Prepared, type DownloadMonitor } from './hearth/create-hearth.ts';
export {
  HEARTH_DEFAULTS,
  type HearthOptions,
  type HearthEvent,
  type HearthAvailability,
  type ConsentAnswer,
  type ConsentRequest,
  type GatewayOption,
  type ThirdPartyOption,
  type DownloadProgress,
} from './hearth/hearth-options.ts';
export { IndexedDbConsentStorage, MemoryConsentStorage, type ConsentStorage, type ConsentRecord } from './hearth/consent-keeper.ts';
export {
  contentSecurityPolicy,
  workerContentSecurityPolicy,
  serviceWorkerContentSecurityPolicy,
  type ContentSecurityPolicyOptions,
} from './hearth/content-security-policy.ts';
export type { HearthStore } from './hearth/download-model.ts';
export {
  installHearth,
  W3C_API_NAMES,
  type InstallHearthOptions,
  type InstalledHearth,
  type W3cApiName,
  type DownloadProgressEvent,
  type ModelTextStream,
} from './w3c/install-hearth.ts';
export { Summarizer, type SummarizerOptions, type SummarizerType, type SummarizerLength, type SummarizerFormat } from './tasks/summarizer.ts';
export { Writer, type WriterOptions, type WriterTone, type WriterLength, type WriterFormat } from './tasks/writer.ts';
export { Rewriter, type RewriterOptions, type RewriterTone, type RewriterLength, type RewriterFormat } from './tasks/rewriter.ts';
export { Proofreader, type ProofreaderOptions, type ProofreadResult } from './tasks/proofreader.ts';
export type { ProofreadCorrection, CorrectionType } from './tasks/diff-corrections.ts';
export type { TaskCallOptions, TextTaskResult, TaskTextStream } from './tasks/task-options.ts';
export type { ExtractResult } from './tasks/extract.ts';
export type { ClassifyResult } from './tasks/classify.ts';
export { redact, type RedactOptions, type RedactResult, type RedactedEntity } from './privacy/redactor.ts';
export { evaluators, type Evaluator, type EvalResult } from './eval/evaluators.ts';
export { HearthError } from '@hearth/spec';
export type {
  HearthErrorCode,
  SerializedHearthError,
  StreamPart,
  FinishReason,
  Usage,
  RouteInfo,
  EngineV1,
  GenerateRequest,
  GenerateResult,
  ChatMessage,
  ToolDefinition,
  ToolCall,
  JsonSchema,
  ResponseFormat,
  DeviceProfile,
  Plan,
  Rejection,
  RejectionCode,
  RoutePolicy,
  TaskName,
} from '@hearth/spec';
