import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from './index.ts';

// The root entry is what every app sees: the one call and what it needs around it. Everything else
// has a subpath. Changing this list is a decision about the public API, made here on purpose.

const VALUES = [
  'HEARTH_DEFAULTS',
  'HearthError',
  'IndexedDbConsentStorage',
  'MemoryConsentStorage',
  'Proofreader',
  'Rewriter',
  'Summarizer',
  'W3C_API_NAMES',
  'Writer',
  'contentSecurityPolicy',
  'createHearth',
  'evaluators',
  'installHearth',
  'redact',
  'serviceWorkerContentSecurityPolicy',
  'workerContentSecurityPolicy',
];

const TYPES = [
  'ChatMessage',
  'ClassifyResult',
  'ConsentAnswer',
  'ConsentRecord',
  'ConsentRequest',
  'ConsentStorage',
  'ContentSecurityPolicyOptions',
  'CorrectionType',
  'DeviceProfile',
  'DownloadMonitor',
  'DownloadProgress',
  'DownloadProgressEvent',
  'EngineV1',
  'EvalResult',
  'Evaluator',
  'ExtractResult',
  'FinishReason',
  'GatewayOption',
  'GenerateRequest',
  'GenerateResult',
  'Hearth',
  'HearthAvailability',
  'HearthErrorCode',
  'HearthEvent',
  'HearthOptions',
  'HearthStore',
  'InstallHearthOptions',
  'InstalledHearth',
  'JsonSchema',
  'ModelTextStream',
  'Plan',
  'PrepareOptions',
  'Prepared',
  'ProofreadCorrection',
  'ProofreadResult',
  'ProofreaderOptions',
  'RedactOptions',
  'RedactResult',
  'RedactedEntity',
  'Rejection',
  'RejectionCode',
  'ResponseFormat',
  'RewriterFormat',
  'RewriterLength',
  'RewriterOptions',
  'RewriterTone',
  'RouteInfo',
  'RoutePolicy',
  'SerializedHearthError',
  'StreamPart',
  'SummarizerFormat',
  'SummarizerLength',
  'SummarizerOptions',
  'SummarizerType',
  'TaskCallOptions',
  'TaskName',
  'TaskTextStream',
  'TextTaskResult',
  'ThirdPartyOption',
  'ToolCall',
  'ToolDefinition',
  'Usage',
  'W3cApiName',
  'WriterFormat',
  'WriterLength',
  'WriterOptions',
  'WriterTone',
];

/** Every name the entry's export clauses list (it re-exports nothing wholesale). */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    for (const spec of m[2]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      names.push(
        spec
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop()!,
      );
  }
  return names.sort();
}

describe('@hearth/sdk root entry', () => {
  const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');

  it('exports exactly the one-call surface: these values', () => {
    expect(Object.keys(root).sort()).toEqual([...VALUES].sort());
  });

  it('and these types, each named in the entry (no `export *`)', () => {
    expect(source).not.toMatch(/export\s+\*/);
    expect(exportedNames(source)).toEqual([...VALUES, ...TYPES].sort());
  });
});
