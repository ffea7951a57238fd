import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/models.ts';

// `hearth bench` as a user runs it, in its own process.
function hearth(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'packages/cli/src/bin.ts', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const digest = (file: string): string => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent');

describe('hearth bench', () => {
  it('prints its usage with every suite', () => {
    const r = hearth(['bench', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('hearth bench [--quick] [--only <suites>]');
    for (const suite of ['native', 'gateway', 'plan', 'store', 'resume', 'browser-engines', 'telemetry', 'privacy', 'slow-clients'])
      expect(r.stdout).toContain(suite);
  });

  it('refuses an unknown suite, naming the ones there are, and measures nothing', () => {
    const r = hearth(['bench', '--only', 'plan,warp-drive']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown suite(s) warp-drive: --only takes a comma-separated list of native, gateway, plan');
    expect(r.stderr).not.toContain('bench: plan…');
  });

  it('runs one suite for real, writes its figures to bench/out/partial and leaves the full report alone', () => {
    const full = join(repoRoot, 'bench/report.json');
    const before = digest(full);
    const r = hearth(['bench', '--only', 'plan']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[\s*[\d.]+ s\] bench: plan took \d+ s/);
    const partial = JSON.parse(readFileSync(join(repoRoot, 'bench/out/partial/report.json'), 'utf8')) as {
      quick: boolean;
      results: Record<string, number>;
      figures: Record<string, { repeats: number }>;
    };
    expect(partial.results['plan_ms']).toBeGreaterThan(0);
    expect(partial.figures['plan_ms']?.repeats).toBe(15);
    expect(Object.keys(partial.results)).toEqual(['plan_ms']);
    expect(digest(full)).toBe(before);
  }, 180_000);
});
