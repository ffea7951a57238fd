// What else the machine did while a suite ran. Every figure is a ratio of two sides taken side by
// side, but this VM's other work (a test run, a helper's build, the hypervisor's other guests)
// does not slow both sides alike: a report that says how busy the host was lets a reader tell a
// real change from a busy afternoon. Linux only (/proc); elsewhere nothing is recorded.
import { readdirSync, readFileSync } from 'node:fs';

/** Whose a process is: the bench's tree, the kernel's threads, or another workload's. */
export type Owner = 'bench' | 'kernel' | 'other';

/** CPU counters at one moment, in clock ticks (USER_HZ, as /proc reports them). */
export interface HostSample {
  /** All CPU time of every core, idle included. */
  total: number;
  /** Time the cores ran anything (not idle, not waiting on I/O, not stolen). */
  busy: number;
  /** Time the hypervisor gave this VM's cores to someone else. */
  steal: number;
  /** Interrupt time (hard and soft), charged to no process. */
  interrupts: number;
  /**
   * Each live process's CPU time so far (its own, and its reaped children's: a child that exits
   * between two samples moves into its parent's), with its owner.
   */
  processes: Map<number, { ticks: number; owner: Owner }>;
}

/** How a stretch of time was spent, as shares of all the machine's CPU time (0-100). */
export interface HostActivity {
  seconds: number;
  /** The bench's own processes: the runner, its Chromium, its gateway, its child processes. */
  benchPct: number;
  /** Every other user-space process on the machine, short-lived ones included: another workload. */
  othersPct: number;
  /**
   * The kernel's threads (writeback, network) and interrupts. Much of it is the bench's doing (a
   * stored download's writeback, loopback traffic), charged to no process, so it is kept apart.
   */
  kernelPct: number;
  stealPct: number;
}

/** Field positions after a /proc/<pid>/stat line's `(comm)`: state is 0. */
const PPID = 1;
const UTIME = 11; // utime, stime, cutime, cstime follow one another
/** pid 2 is kthreadd; every kernel thread is its child. */
const KTHREADD = 2;

function processTicks(): Map<number, { ppid: number; ticks: number }> {
  const processes = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let line: string;
    try {
      line = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it exited while we listed
    }
    // comm may hold spaces and parentheses: the fields start after the last ')'.
    const f = line.slice(line.lastIndexOf(')') + 2).split(' ');
    const ticks = [0, 1, 2, 3].reduce((n, i) => n + Number(f[UTIME + i]), 0);
    processes.set(Number(name), { ppid: Number(f[PPID]), ticks });
  }
  return processes;
}

/** Reads the machine's CPU counters and every process's, owned by `root`'s tree or not; undefined without /proc. */
export function sampleHost(root = process.pid): HostSample | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const raw = processTicks();
  const processes = new Map<number, { ticks: number; owner: Owner }>();
  for (const [pid, p] of raw) {
    let owner: Owner = 'other';
    if (pid === KTHREADD || p.ppid === KTHREADD) owner = 'kernel';
    else {
      let at: number | undefined = pid;
      for (let depth = 0; at !== undefined && at !== root && at > 1 && depth < 64; depth++) at = raw.get(at)?.ppid;
      if (at === root) owner = 'bench';
    }
    processes.set(pid, { ticks: p.ticks, owner });
  }
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, busy: user + nice + system + irq + softirq, steal, interrupts: irq + softirq, processes };
}

/**
 * CPU ticks between two samples: all of them, and the bench's, the kernel's and other
 * workloads'. Per process, so one that exits (a kernel worker, a killed child reaped elsewhere)
 * takes nothing away from the others; others are what the cores ran beyond the bench and the
 * kernel, so short-lived processes of another workload count too.
 */
export function ticksBetween(before: HostSample, after: HostSample): { total: number; bench: number; kernel: number; others: number; steal: number } {
  const owned = { bench: 0, kernel: 0, other: 0 };
  for (const [pid, now] of after.processes) {
    const then = before.processes.get(pid);
    // A pid seen before with more ticks is another process that reused it: all its time is new.
    owned[now.owner] += then && then.ticks <= now.ticks ? now.ticks - then.ticks : now.ticks;
  }
  const kernel = owned.kernel + after.interrupts - before.interrupts;
  return { total: after.total - before.total, bench: owned.bench, kernel, others: Math.max(0, after.busy - before.busy - owned.bench - kernel), steal: after.steal - before.steal };
}

/** The shares of CPU time between two samples; undefined when either is missing or no time passed. */
export function activityBetween(before: HostSample | undefined, after: HostSample | undefined, seconds: number): HostActivity | undefined {
  if (!before || !after) return undefined;
  const t = ticksBetween(before, after);
  if (t.total <= 0) return undefined;
  const pct = (ticks: number): number => Math.round((Math.max(0, ticks) / t.total) * 1000) / 10;
  return { seconds: Math.round(seconds), benchPct: pct(t.bench), othersPct: pct(t.others), kernelPct: pct(t.kernel), stealPct: pct(t.steal) };
}

/** Several stretches as one: each share weighted by its stretch's seconds. */
export function combineActivity(parts: readonly HostActivity[]): HostActivity | undefined {
  const seconds = parts.reduce((n, a) => n + a.seconds, 0);
  if (seconds <= 0) return undefined;
  const mean = (pick: (a: HostActivity) => number): number => Math.round((parts.reduce((n, a) => n + pick(a) * a.seconds, 0) / seconds) * 10) / 10;
  return { seconds, benchPct: mean((a) => a.benchPct), kernelPct: mean((a) => a.kernelPct), othersPct: mean((a) => a.othersPct), stealPct: mean((a) => a.stealPct) };
}

/** Markdown lines for the report: one row per suite (and pass), all suites together last. */
export function renderHostActivity(host: Readonly<Record<string, HostActivity>>): string[] {
  return [
    `## The machine during the run`,
    ``,
    `Shares of all CPU time (every core) while each suite ran. A ratio's two sides run side by side, but another workload does not slow them alike: compare runs whose "other processes" and "steal" columns are alike. The kernel's time (writeback, loopback traffic, interrupts) is mostly the bench's own, charged to no process.`,
    ``,
    `| suite | seconds | bench processes | kernel | other processes | steal |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...Object.entries(host).map(([suite, a]) => `| ${suite} | ${a.seconds} | ${a.benchPct} % | ${a.kernelPct} % | ${a.othersPct} % | ${a.stealPct} % |`),
  ];
}
