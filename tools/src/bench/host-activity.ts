// What else the machine did while a suite ran. Every figure is a ratio of two sides taken side by
// side, but this VM's other work (a test run, a helper's build, the hypervisor's other guests)
// does not slow both sides alike: a report that says how busy the host was lets a reader tell a
// real change from a busy afternoon. Linux only (/proc); elsewhere nothing is recorded.
import { readdirSync, readFileSync } from 'node:fs';

/** Cumulative CPU counters at one moment, in clock ticks (USER_HZ, as /proc reports them). */
export interface HostSample {
  /** All CPU time of every core, idle included. */
  total: number;
  /** Time the cores ran anything (not idle, not waiting on I/O, not stolen). */
  busy: number;
  /** Time the hypervisor gave this VM's cores to someone else. */
  steal: number;
  /** CPU time of the process tree under `root`, reaped children included. */
  tree: number;
  /**
   * The kernel's own time: its threads (writeback, the network's softirq threads) and interrupts.
   * Much of it is the bench's doing (a stored download's writeback, loopback traffic) but no
   * process is charged for it, so it is kept apart from other workloads.
   */
  kernel: number;
}

/** How a stretch of time was spent, as shares of all the machine's CPU time (0-100). */
export interface HostActivity {
  seconds: number;
  /** The bench's own processes: the runner, its Chromium, its gateway, its child processes. */
  benchPct: number;
  /** Every other user-space process on the machine: another workload. */
  othersPct: number;
  /** Kernel threads and interrupts (see HostSample.kernel). */
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

/**
 * Reads the machine's and `root`'s process tree's CPU counters; undefined without /proc.
 * A tree member's children count once reaped (cutime), so a child that exits between two samples
 * is not lost: its time moves into its parent's.
 */
export function sampleHost(root = process.pid): HostSample | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  const processes = processTicks();
  let tree = 0;
  let kernelThreads = 0;
  for (const [pid, p] of processes) {
    if (pid === KTHREADD || p.ppid === KTHREADD) {
      kernelThreads += p.ticks;
      continue;
    }
    let at: number | undefined = pid;
    for (let depth = 0; at !== undefined && at !== root && at > 1 && depth < 64; depth++) at = processes.get(at)?.ppid;
    if (at === root) tree += p.ticks;
  }
  return { total, busy: user + nice + system + irq + softirq, steal, tree, kernel: kernelThreads + irq + softirq };
}

/** The shares of CPU time between two samples; undefined when either is missing or no time passed. */
export function activityBetween(before: HostSample | undefined, after: HostSample | undefined, seconds: number): HostActivity | undefined {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const pct = (ticks: number): number => Math.round((Math.max(0, ticks) / total) * 1000) / 10;
  const bench = after.tree - before.tree;
  const kernel = after.kernel - before.kernel;
  return { seconds: Math.round(seconds), benchPct: pct(bench), othersPct: pct(after.busy - before.busy - bench - kernel), kernelPct: pct(kernel), stealPct: pct(after.steal - before.steal) };
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
