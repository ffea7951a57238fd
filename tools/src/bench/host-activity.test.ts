import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { activityBetween, combineActivity, sampleHost, ticksBetween } from './host-activity.ts';

// A child that burns `ms` of its own CPU time (not wall time: a busy machine only makes it take
// longer), says "done", then sleeps until killed, so its ticks stay in /proc for the next sample.
const BURN = `const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) / 1000 < Number(process.argv[1])) {} process.stdout.write('done'); setInterval(() => {}, 1e6);`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

async function burner(ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', BURN, String(ms)], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await once(child.stdout!, 'data');
  return child;
}

/** An idle process, once it has started (Node's start-up alone costs it some ticks). */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', "process.stdout.write('up'); setInterval(() => {}, 1e6)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await once(child.stdout!, 'data');
  return child;
}

describe.skipIf(!existsSync('/proc/stat'))('host activity (reads /proc: Linux only)', () => {
  it("counts a child's CPU time as the bench's own", async () => {
    const before = sampleHost()!;
    await burner(600);
    // 600 ms of CPU is 60 ticks at USER_HZ 100; a tick of rounding either side.
    expect(ticksBetween(before, sampleHost()!).bench).toBeGreaterThanOrEqual(58);
  });

  it("counts a process outside the tree as another workload's", async () => {
    // The root is an idle sibling: the burner is not under it.
    const root = await sleeper();
    const before = sampleHost(root.pid)!;
    await burner(600);
    const ticks = ticksBetween(before, sampleHost(root.pid)!);
    expect(ticks.bench).toBeLessThan(20); // the idle root alone
    expect(ticks.others).toBeGreaterThanOrEqual(58);
  });

  it('keeps the time of a child that exited and was reaped', async () => {
    const before = sampleHost()!;
    const child = await burner(600);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(ticksBetween(before, sampleHost()!).bench).toBeGreaterThanOrEqual(58);
  });

  it("counts another workload's process that came and went between samples", async () => {
    const root = await sleeper();
    const before = sampleHost(root.pid)!;
    const child = await burner(600);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(ticksBetween(before, sampleHost(root.pid)!).others).toBeGreaterThanOrEqual(58);
  });

  it('takes nothing away when a process that was there before is gone after', () => {
    // A kernel worker that exits: its ticks leave the sum, which must not turn into others' time.
    const sample = (workerTicks: number | undefined, busy: number) => ({
      total: busy + 1000,
      busy,
      steal: 0,
      interrupts: 0,
      processes: new Map<number, { ticks: number; owner: 'bench' | 'kernel' | 'other' }>([[10, { ticks: busy - (workerTicks ?? 500), owner: 'bench' }], ...(workerTicks === undefined ? [] : [[20, { ticks: workerTicks, owner: 'kernel' as const }] as const])]),
    });
    const t = ticksBetween(sample(500, 1000), sample(undefined, 1100));
    expect(t.bench).toBe(100);
    expect(t.kernel).toBe(0);
    expect(t.others).toBe(0);
  });

  it('has nothing to say about no time or a missing sample', () => {
    const s = sampleHost()!;
    expect(activityBetween(s, s, 0)).toBeUndefined();
    expect(activityBetween(undefined, s, 1)).toBeUndefined();
  });
});

describe('combineActivity', () => {
  it('weights each stretch by its seconds', () => {
    const quiet = { seconds: 300, benchPct: 90, kernelPct: 2, othersPct: 0, stealPct: 0 };
    const busy = { seconds: 100, benchPct: 50, kernelPct: 6, othersPct: 40, stealPct: 4 };
    expect(combineActivity([quiet, busy])).toEqual({ seconds: 400, benchPct: 80, kernelPct: 3, othersPct: 10, stealPct: 1 });
    expect(combineActivity([])).toBeUndefined();
  });
});
