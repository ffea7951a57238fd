import { HearthError, type TelemetryReport } from '@hearth/spec';
import { openPglite, openPostgres, type SqlClient } from './sql-client.ts';

export interface TelemetryStoreOptions {
  /** PostgreSQL URL (`HEARTH_DATABASE_URL`): replicas share it. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder, used without a databaseUrl. */
  dataDir: string;
  /** Reports older than this many days are deleted (at open, then daily). */
  retentionDays: number;
  /** Reports accepted but not yet written, at most; beyond, POSTs get 503 + Retry-After (bounded memory). */
  maxPendingReports?: number;
  now?: () => number;
}

/** Each migration once, in order; the table of applied ids lives beside the data. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE telemetry_reports (
     day date NOT NULL,
     task text NOT NULL,
     pack_id text,
     pack_version text,
     route_where text NOT NULL,
     route_engine text NOT NULL,
     route_backend text,
     model text NOT NULL,
     fallback text NOT NULL,
     device_compute text NOT NULL,
     device_memory text NOT NULL,
     device_browser text NOT NULL,
     metric text NOT NULL,
     evaluator text,
     k smallint NOT NULL,
     value smallint NOT NULL,
     epsilon double precision NOT NULL
   );
   CREATE INDEX telemetry_reports_day ON telemetry_reports (day);`,
];

export const COLUMNS = [
  'day',
  'task',
  'pack_id',
  'pack_version',
  'route_where',
  'route_engine',
  'route_backend',
  'model',
  'fallback',
  'device_compute',
  'device_memory',
  'device_browser',
  'metric',
  'evaluator',
  'k',
  'value',
  'epsilon',
] as const;
/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const ROWS_PER_INSERT = 2000;

export interface CountRow {
  n: number;
  [column: string]: string | number | null;
}

/**
 * Reports in SQL: PGlite in a data folder by default, PostgreSQL when a URL is given. Writes are
 * group-committed: batches that arrive while a write runs go together in the next transaction, so
 * PGlite's single connection keeps up with many posters. A batch's promise resolves once its rows
 * are committed (an accepted batch is never lost to a crash after the 202).
 */
export class TelemetryStore {
  private pending: Array<{ day: string; reports: readonly TelemetryReport[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  private pendingReports = 0;
  private writing: Promise<void> | undefined;
  private draining = false;
  private retentionTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    private readonly sql: SqlClient,
    private readonly options: TelemetryStoreOptions,
  ) {}

  /** Opens the database, runs migrations and applies retention. */
  static async open(options: TelemetryStoreOptions): Promise<TelemetryStore> {
    let sql: SqlClient;
    try {
      sql = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
    } catch (cause) {
      // The URL may hold a password: the message names only which store failed.
      throw new HearthError({
        code: 'engine_unavailable',
        message: options.databaseUrl
          ? 'Cannot reach the PostgreSQL database of HEARTH_DATABASE_URL.'
          : `Cannot open the telemetry data folder ${options.dataDir}.`,
        hint: options.databaseUrl
          ? 'Check the URL, the server and its credentials.'
          : 'Check that the folder is writable and no other gateway uses it (PGlite allows one process per folder; use PostgreSQL for replicas).',
        cause,
      });
    }
    const store = new TelemetryStore(sql, options);
    await store.migrate();
    await store.applyRetention();
    store.retentionTimer = setInterval(() => void store.applyRetention().catch(() => {}), 24 * 3600_000);
    store.retentionTimer.unref?.();
    return store;
  }

  get kind(): SqlClient['kind'] {
    return this.sql.kind;
  }

  private async migrate(): Promise<void> {
    await this.sql.query('CREATE TABLE IF NOT EXISTS hearth_migrations (id integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await this.sql.transaction(async (tx) => {
      // Replicas starting together on one PostgreSQL: one migrates, the others wait and find it done.
      if (this.sql.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(1847)');
      const done = new Set((await tx.query<{ id: number }>('SELECT id FROM hearth_migrations')).map((r) => Number(r.id)));
      for (const [i, statement] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        for (const part of statement.split(/;\s*$/m).filter((s) => s.trim() !== '')) await tx.query(part);
        await tx.query('INSERT INTO hearth_migrations (id) VALUES ($1)', [i + 1]);
      }
    });
  }

  /** Deletes reports past the retention window; returns how many. */
  async applyRetention(): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(
      `WITH gone AS (DELETE FROM telemetry_reports WHERE day < $1::date RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [this.day(-this.options.retentionDays)],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Stores a validated batch; resolves when committed. Refuses (503) when too much is waiting to be written. */
  insert(reports: readonly TelemetryReport[]): Promise<void> {
    const limit = this.options.maxPendingReports ?? 50_000;
    if (this.pendingReports + reports.length > limit) {
      return Promise.reject(
        new HearthError({
          code: 'rate_limited',
          message: 'The telemetry store is behind.',
          hint: 'Retry after the time in Retry-After.',
          data: { status: 503, retryAfterSeconds: 2 },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ day: this.day(0), reports, resolve, reject });
      this.pendingReports += reports.length;
      // A drain that is running takes this batch in its next round; otherwise start one.
      if (!this.draining) {
        this.draining = true;
        this.writing = this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    // `draining` turns false in the same step as the last look at `pending`, with no await between:
    // a batch queued after that look starts a new drain instead of waiting for this finished one.
    for (;;) {
      if (this.pending.length === 0) {
        this.draining = false;
        return;
      }
      const take: typeof this.pending = [];
      let rows = 0;
      while (this.pending.length > 0 && (take.length === 0 || rows + this.pending[0]!.reports.length <= ROWS_PER_INSERT * 4)) {
        const next = this.pending.shift()!;
        take.push(next);
        rows += next.reports.length;
      }
      try {
        await this.sql.transaction(async (tx) => {
          const all = take.flatMap((b) => b.reports.map((r) => rowOf(b.day, r)));
          for (let at = 0; at < all.length; at += ROWS_PER_INSERT) {
            const chunk = all.slice(at, at + ROWS_PER_INSERT);
            const values = chunk.map((_, i) => `(${COLUMNS.map((__, c) => `$${i * COLUMNS.length + c + 1}`).join(',')})`).join(',');
            await tx.query(`INSERT INTO telemetry_reports (${COLUMNS.join(',')}) VALUES ${values}`, chunk.flat());
          }
        });
        for (const b of take) b.resolve();
      } catch (error) {
        for (const b of take) b.reject(error);
      } finally {
        this.pendingReports -= rows;
      }
    }
  }

  /** Reports stored. */
  async count(): Promise<number> {
    return Number((await this.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry_reports'))[0]?.n ?? 0);
  }

  /** Counts of reports grouped by `columns` (names of this table only), over the last `days` days. */
  async countBy(columns: readonly (typeof COLUMNS)[number][], where = 'TRUE', days = this.options.retentionDays): Promise<CountRow[]> {
    // A date as text: drivers turn `date` into a local-time Date, which can shift the day.
    const select = columns.map((c) => (c === 'day' ? "to_char(day, 'YYYY-MM-DD') AS day" : c)).join(', ');
    const list = columns.join(', ');
    const rows = await this.sql.query<CountRow>(
      `SELECT ${select === '' ? '' : `${select}, `}count(*)::int AS n FROM telemetry_reports WHERE day >= $1::date AND (${where}) ${list === '' ? '' : `GROUP BY ${list} ORDER BY ${list}`}`,
      [this.day(-days)],
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.writing;
    await this.sql.close();
  }

  private day(offsetDays: number): string {
    return new Date((this.options.now ?? Date.now)() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  }
}

function rowOf(day: string, r: TelemetryReport): unknown[] {
  return [
    day,
    r.task,
    r.pack?.id ?? null,
    r.pack?.version ?? null,
    r.route.where,
    r.route.engine,
    r.route.backend ?? null,
    r.model,
    r.fallback,
    r.device.compute,
    r.device.memory,
    r.device.browser,
    r.measure.metric,
    r.measure.evaluator ?? null,
    r.measure.k,
    r.measure.value,
    r.measure.epsilon,
  ];
}
