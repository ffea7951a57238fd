import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_SCHEDULE, REQUIRED, SECOND_PASS } from './bench-schedule.ts';

describe('the bench schedule', () => {
  it('runs every suite in suites/, each once by name', () => {
    const files = readdirSync(new URL('./suites/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const names = BENCH_SCHEDULE.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(files.length);
  });

  it('takes the ratio suites in two passes, the rest in one', () => {
    expect([...SECOND_PASS]).toEqual(['native', 'gateway', 'store', 'browser-engines']);
  });

  it('requires each key of issue 8 from exactly one suite', () => {
    const keys = BENCH_SCHEDULE.flatMap((s) => s.required);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(REQUIRED)).toHaveLength(26);
    expect(REQUIRED['browser_cpu_vs_native_ratio']).toBe('browser-engines');
    expect(REQUIRED['proofread_ttft_ms']).toBe('proofread-ttft');
    expect(REQUIRED['telemetry_postgres_lost_reports']).toBe('telemetry');
  });
});
