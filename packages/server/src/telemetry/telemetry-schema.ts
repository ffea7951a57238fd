import { z } from 'zod';
import { categoriesOf } from '@hearth/sdk/eval';

/** At most this many reports a batch; the SDK sends 20 by default. */
export const MAX_REPORTS_PER_BATCH = 100;
/** A full batch of the longest allowed fields is under 40 KB. */
export const MAX_BATCH_BYTES = 64 * 1024;

// Identifiers only: no spaces, no capitals, no punctuation beyond . _ - (and / in pack ids), so
// no sentence fits. The SDK folds model and engine names to this form before sending.
const identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const packId = z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,127}$/);
const version = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}(?:-[0-9a-z.-]{1,32})?$/);

const ERROR_CODES = [
  'invalid_request',
  'invalid_model',
  'not_found',
  'model_not_found',
  'model_not_loaded',
  'unsupported',
  'context_full',
  'output_truncated',
  'output_invalid',
  'integrity_mismatch',
  'quota_exceeded',
  'forbidden',
  'out_of_memory',
  'engine_unavailable',
  'engine_crashed',
  'network',
  'upstream',
  'rate_limited',
  'timeout',
  'aborted',
  'no_route',
  'internal',
] as const;

const measure = z
  .object({
    metric: z.enum(['eval', 'ttft', 'decode']),
    evaluator: identifier.optional(),
    k: z.number().int(),
    value: z.number().int().min(0),
    epsilon: z.number().gt(0).max(10),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.k !== categoriesOf(m.metric)) ctx.addIssue({ code: 'custom', path: ['k'], message: `must be ${categoriesOf(m.metric)} for ${m.metric}` });
    if (m.value >= m.k) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be below k' });
    if ((m.metric === 'eval') !== (m.evaluator !== undefined))
      ctx.addIssue({ code: 'custom', path: ['evaluator'], message: 'is required for eval and only for eval' });
  });

const report = z
  .object({
    task: z.enum(['summarize', 'write', 'rewrite', 'proofread', 'extract', 'classify']),
    pack: z.object({ id: packId, version }).strict().optional(),
    route: z
      .object({
        where: z.enum(['device', 'self-hosted', 'third-party']),
        engine: identifier,
        backend: z.enum(['cpu', 'webgpu', 'gpu', 'browser-model', 'server']).optional(),
      })
      .strict(),
    model: identifier,
    fallback: z.enum(['none', ...ERROR_CODES]),
    device: z
      .object({
        compute: z.enum(['cpu', 'gpu']),
        memory: z.enum(['lt4', '4-8', '8-16', 'ge16', 'unknown']),
        browser: z.enum(['chromium', 'firefox', 'safari', 'node', 'other']),
      })
      .strict(),
    measure,
  })
  .strict();

/** `POST /v1/telemetry`'s body, strictly: every key known, every string an enum or an identifier. */
export const telemetryBatchSchema = z
  .object({
    specificationVersion: z.literal('v1'),
    reports: z.array(report).min(1).max(MAX_REPORTS_PER_BATCH),
  })
  .strict();
