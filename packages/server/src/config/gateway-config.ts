import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { HearthError } from '@hearth/spec';

const scope = z.enum(['inference', 'models', 'admin']);
export type Scope = z.infer<typeof scope>;

/**
 * Everything the gateway can be told, with each default beside its option. A config file (JSON)
 * gives the structure; environment variables override the common scalars.
 */
export const gatewayConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8787),
    /** Loopback by default: exposing the gateway is a deliberate choice. */
    host: z.string().min(1).default('127.0.0.1'),
    logLevel: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    /** Models the embedded engine runs and the gateway serves as files. */
    models: z
      .array(
        z.object({
          id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
          paths: z.array(z.string().min(1)).min(1),
          /** LoRA adapter GGUFs applied on top, each at its scale (default 1). */
          adapters: z.array(z.object({ path: z.string().min(1), scale: z.number().min(-4).max(4).optional() })).optional(),
        }),
      )
      .default([]),
    /** OpenAI-compatible servers (llama.cpp server, vLLM, Ollama, another Hearth) that serve models too. */
    upstreams: z
      .array(
        z.object({
          name: z.string().min(1),
          baseUrl: z.string().url(),
          /** Models to route there; they must be served by the upstream under the same ids. */
          models: z.array(z.string().min(1)).min(1),
          apiKey: z.string().optional(),
          maxConcurrency: z.number().int().min(1).default(8),
          timeoutMs: z.number().int().min(100).default(120_000),
          /** A server someone else runs: personal data is redacted before each request and restored in the answer. */
          redact: z.boolean().default(false),
        }),
      )
      .default([]),
    auth: z
      .object({
        /** SHA-256 (hex) of each key, never the key: `hearth key` prints a key and its hash. */
        apiKeys: z.array(z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), scopes: z.array(scope).min(1) })).default([]),
        /** Signs short-lived per-origin tokens for browsers; needed to issue them. */
        tokenSecret: z.string().min(32).optional(),
        tokenTtlSeconds: z.number().int().min(10).max(86_400).default(600),
      })
      .default({ apiKeys: [], tokenTtlSeconds: 600 }),
    /** Origins (scheme://host:port) whose pages may call the API; same-origin is always allowed. */
    corsOrigins: z.array(z.string().url()).default([]),
    /** Origins whose pages may share downloaded models through the hub at /hub/ (same site only: browsers partition storage by site). */
    hubOrigins: z.array(z.string().url()).default([]),
    limits: z
      .object({
        maxBodyBytes: z.number().int().min(1024).default(1_048_576),
        /** Generations running at once on the embedded engine. */
        maxConcurrent: z.number().int().min(1).default(4),
        /** Requests waiting for a slot; beyond that, 503 with Retry-After. */
        maxQueue: z.number().int().min(0).default(64),
        queueTimeoutMs: z.number().int().min(1).default(30_000),
        requestTimeoutMs: z.number().int().min(1).default(300_000),
        /** Requests per minute per API key (or per client address without one); 0 turns it off. */
        ratePerMinute: z.number().int().min(0).default(600),
        /** A request's headers must arrive within this; then 408 and the connection is closed. */
        headersTimeoutMs: z.number().int().min(100).default(10_000),
        /** A request body that sends nothing for this long gets 408 and its connection is closed. */
        bodyTimeoutMs: z.number().int().min(100).default(30_000),
        /** Open connections from one client address; more are closed as they arrive. */
        maxConnectionsPerAddress: z.number().int().min(1).default(256),
        /** Open connections in all; more are closed as they arrive. */
        maxConnections: z.number().int().min(1).default(4096),
      })
      .default({
        maxBodyBytes: 1_048_576,
        maxConcurrent: 4,
        maxQueue: 64,
        queueTimeoutMs: 30_000,
        requestTimeoutMs: 300_000,
        ratePerMinute: 600,
        headersTimeoutMs: 10_000,
        bodyTimeoutMs: 30_000,
        maxConnectionsPerAddress: 256,
        maxConnections: 4096,
      }),
    /**
     * Listen on a non-loopback `host` with no API key and no token secret: anyone who can reach it
     * may use it. Refused at start unless this is set (for a private network, on purpose).
     */
    allowOpenNetwork: z.boolean().default(false),
    /** Pad streamed events to multiples of this many bytes so sizes do not reveal token lengths; 0 turns it off. */
    streamPaddingBytes: z.number().int().min(0).max(65_536).default(256),
    threads: z.number().int().min(1).optional(),
    /** Private telemetry (`POST /v1/telemetry`, `/dashboard/`): where reports are stored and how long. */
    telemetry: z
      .object({
        enabled: z.boolean().default(true),
        /** PostgreSQL URL (`HEARTH_DATABASE_URL`), so replicas share one store; PGlite in `dataDir` without it. */
        databaseUrl: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'use a postgres:// URL')
          .optional(),
        /** PGlite's data folder (`HEARTH_DATA_DIR`); one gateway process per folder. */
        dataDir: z.string().min(1).default('.cache/telemetry'),
        /** Reports older than this are deleted. */
        retentionDays: z.number().int().min(1).max(3650).default(90),
        /** Dashboard cells with fewer reports than this are hidden. */
        minGroup: z.number().int().min(1).default(20),
        /** Days the dashboard covers. */
        dashboardDays: z.number().int().min(1).max(3650).default(30),
        /** Reports accepted but not yet written, at most; beyond, 503 with Retry-After. */
        maxPendingReports: z.number().int().min(100).default(50_000),
      })
      .strict()
      .default({ enabled: true, dataDir: '.cache/telemetry', retentionDays: 90, minGroup: 20, dashboardDays: 30, maxPendingReports: 50_000 }),
    contextSize: z.number().int().min(64).optional(),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** Validates a config object; every problem is named with its path and what to set. */
export function parseGatewayConfig(input: unknown, source = 'configuration'): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new HearthError({
    code: 'invalid_request',
    message: `The ${source} is invalid: ${problems.join('; ')}.`,
    hint: 'Fix the named settings; README.md lists them with their defaults.',
    data: { problems },
  });
}

const ENV: Record<string, { key: 'port' | 'host' | 'logLevel' | 'streamPaddingBytes' | 'threads' | 'allowOpenNetwork'; number: boolean; boolean?: true }> = {
  PORT: { key: 'port', number: true },
  HOST: { key: 'host', number: false },
  HEARTH_LOG_LEVEL: { key: 'logLevel', number: false },
  HEARTH_STREAM_PADDING: { key: 'streamPaddingBytes', number: true },
  HEARTH_THREADS: { key: 'threads', number: true },
  HEARTH_ALLOW_OPEN_NETWORK: { key: 'allowOpenNetwork', number: false, boolean: true },
};

/**
 * The config file (`--config` or `HEARTH_CONFIG`), then environment variables over it, then
 * validation. A bad variable is reported by its name.
 */
export async function loadGatewayConfig(
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv; overrides?: Partial<GatewayConfigInput> } = {},
): Promise<GatewayConfig> {
  const env = options.env ?? process.env;
  const file = options.file ?? env['HEARTH_CONFIG'];
  let base: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw new HearthError({
        code: 'invalid_request',
        message: `Cannot read the config file ${file}.`,
        cause,
        hint: 'Check the path given with --config or HEARTH_CONFIG.',
      });
    }
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      throw new HearthError({ code: 'invalid_request', message: `The config file ${file} is not valid JSON: ${(cause as Error).message}`, cause });
    }
  }
  for (const [name, { key, number, boolean }] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (boolean) {
      if (raw !== '1' && raw !== '0')
        throw new HearthError({ code: 'invalid_request', message: `${name} is "${raw}", not 1 or 0.`, hint: `Set ${name}=1 to allow it, or unset it.` });
      base[key] = raw === '1';
      continue;
    }
    if (number && !/^\d+$/.test(raw)) {
      throw new HearthError({
        code: 'invalid_request',
        message: `${name} is "${raw}", not a whole number.`,
        hint: `Set ${name} to a whole number, or unset it for the default.`,
      });
    }
    base[key] = number ? Number(raw) : raw;
  }
  // The telemetry store's two variables go inside its section.
  for (const [name, key] of [
    ['HEARTH_DATABASE_URL', 'databaseUrl'],
    ['HEARTH_DATA_DIR', 'dataDir'],
  ] as const) {
    if (env[name]) base['telemetry'] = { ...(base['telemetry'] as Record<string, unknown> | undefined), [key]: env[name] };
  }
  const merged = { ...base, ...options.overrides };
  try {
    return parseGatewayConfig(merged, file ? `configuration (${file} and environment)` : 'configuration');
  } catch (error) {
    // Name the variable when the bad value came from one.
    const e = HearthError.from(error);
    const fromEnv = Object.entries(ENV).find(([name, { key }]) => env[name] && e.message.includes(`${key}:`));
    if (fromEnv)
      throw new HearthError({ code: 'invalid_request', message: `${fromEnv[0]}="${env[fromEnv[0]]}" is not accepted: ${e.message}`, hint: e.hint ?? '' });
    throw e;
  }
}
