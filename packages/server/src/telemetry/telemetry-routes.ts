import { HearthError, type TelemetryReport } from '@hearth/spec';
import type { Logger } from '../http/logger.ts';
import { buildDashboardSummary, loadAggregates, type DashboardSummary } from '../dashboard/dashboard-summary.ts';
import { MAX_BATCH_BYTES, telemetryBatchSchema } from './telemetry-schema.ts';
import { TelemetryStore, type TelemetryStoreOptions } from './telemetry-store.ts';

/** The gateway's telemetry: its store, opened on first use (or by `open()` at start), and the dashboard's settings. */
export class TelemetryHost {
  private opening: Promise<TelemetryStore> | undefined;

  constructor(
    readonly options: TelemetryStoreOptions & { minGroup: number; dashboardDays: number },
    private readonly logger?: Logger,
  ) {}

  /** The store, migrated; the first call opens it. */
  open(): Promise<TelemetryStore> {
    this.opening ??= TelemetryStore.open(this.options).then(
      (store) => {
        this.logger?.log('info', 'telemetry store open', { kind: store.kind });
        return store;
      },
      (error: unknown) => {
        // Tried again on the next request: the database may come back.
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  async close(): Promise<void> {
    const store = await this.opening?.catch(() => undefined);
    this.opening = undefined;
    await store?.close();
  }

  /** `POST /v1/telemetry`: a strict batch, stored, then 202. Nothing of the request but the reports is kept. */
  async accept(request: Request): Promise<Response> {
    if (!(request.headers.get('Content-Type') ?? '').startsWith('application/json')) throw invalid('Send the batch as application/json.');
    const text = await request.text();
    if (text.length > MAX_BATCH_BYTES)
      throw new HearthError({
        code: 'invalid_request',
        message: `A telemetry batch may be at most ${MAX_BATCH_BYTES} bytes.`,
        hint: 'Send fewer reports a batch.',
        data: { status: 413 },
      });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalid('The body is not JSON.');
    }
    const parsed = telemetryBatchSchema.safeParse(body);
    if (!parsed.success) {
      // Paths and rules only: a refused value (free text, a canary) is never echoed, logged or kept.
      const problems = parsed.error.issues
        .slice(0, 5)
        .map(
          (i) =>
            `${i.path.join('.') || '(root)'}: ${i.code === 'unrecognized_keys' ? 'unknown key' : i.code === 'invalid_format' ? 'not an allowed identifier' : i.code.replace(/_/g, ' ')}`,
        );
      throw new HearthError({
        code: 'invalid_request',
        message: `The telemetry batch was refused: ${problems.join('; ')}.`,
        hint: 'Reports carry only the fields of @hearth/spec TelemetryReport: enums, bounded numbers and lowercase identifiers.',
        data: { param: String(parsed.error.issues[0]?.path[0] ?? '') },
      });
    }
    const store = await this.open();
    // zod types an optional key as `T | undefined`; parsed JSON never holds undefined.
    await store.insert(parsed.data.reports as TelemetryReport[]);
    return Response.json({ accepted: parsed.data.reports.length }, { status: 202 });
  }

  /** `GET /v1/telemetry/summary` (admin): the dashboard's data. */
  async summary(): Promise<DashboardSummary> {
    const store = await this.open();
    return buildDashboardSummary(await loadAggregates(store, this.options.dashboardDays), this.options.minGroup, this.options.dashboardDays);
  }
}

function invalid(message: string): HearthError {
  return new HearthError({ code: 'invalid_request', message });
}
