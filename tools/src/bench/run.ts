// `npm run bench [-- --quick] [-- --only native,gateway]`: every figure measured side by side in
// one run on this machine, written to bench/report.json, bench/report.md and bench/*.svg.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeFigures, type BenchContext, type Figure } from './bench-context.ts';
import { checkRatios, isFullReport, renderRatioChecks, type ReportFigures } from './compare-reports.ts';
import { activityBetween, combineActivity, renderHostActivity, sampleHost, type HostActivity } from './host-activity.ts';
import { tokensPerSecondBars } from './report-plots.ts';
import { renderSvgBars, renderSvgPlot } from './svg-plot.ts';
import { closeSharedBrowserSession } from './browser-session.ts';
import { BENCH_SCHEDULE, REQUIRED, SECOND_PASS, SUITE_DEADLINE_S, SUITE_NAMES } from './bench-schedule.ts';
import { HearthError } from '@hearth/spec';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FULL_OUT = join(ROOT, 'bench');
// A --quick or --only run writes here (git-ignored), so it never replaces the full report nor
// the baseline the next full run is checked against.
const PARTIAL_OUT = join(ROOT, 'bench', 'out', 'partial');

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** bench/report.json when it holds a full run (`isFullReport`: every suite, not --quick, none failed), else undefined. */
function previousFullReport(): ReportFigures | undefined {
  const file = join(FULL_OUT, 'report.json');
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as ReportFigures & { results?: Record<string, unknown>; errors?: Record<string, string> };
    return isFullReport(r, REQUIRED) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Figures as the report writes them: the summary, not every repeat behind it. */
function withoutBasis(figures: Record<string, Figure>): Record<string, Figure> {
  return Object.fromEntries(Object.entries(figures).map(([k, { basis: _basis, ...f }]) => [k, f]));
}

function chromiumVersion(): string {
  try {
    return execFileSync(process.env['CHROME_PATH'] ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'not found';
  }
}

export const BENCH_USAGE = `hearth bench [--quick] [--only <suites>]
  measures every figure side by side on this machine and writes bench/report.{json,md} and plots
  (about 15 minutes on 2 cores); --quick runs a 2-minute subset and --only a comma-separated list
  of suites (${SUITE_NAMES.join(', ')}), both written to bench/out/partial/ instead
`;

/** What the command line asks for. */
interface BenchOptions {
  quick: boolean;
  /** Suites named by --only; undefined: all. */
  only: ReadonlySet<string> | undefined;
  /** Where the report goes: bench/ for a full run, bench/out/partial/ otherwise. */
  out: string;
}

/** Everything the suites measured, and what the machine did meanwhile. */
interface Measured {
  started: number;
  passes: number;
  results: Record<string, Figure>;
  details: Record<string, Figure>;
  series: Record<string, { points: Array<[number, number]>; axes: { x: string; y: string } }>;
  errors: Record<string, string>;
  host: Record<string, HostActivity>;
}

/**
 * Runs the benchmark with command-line `args`; resolves to the process exit code (1: a suite
 * failed or a key is missing). The steps: parse the arguments, run the schedule, build the report,
 * write it (and check it as written).
 */
export async function runBench(args: readonly string[]): Promise<number> {
  const parsed = parseBenchArgs(args);
  if (typeof parsed === 'number') return parsed;
  const measured = await runSchedule(parsed);
  const report = buildReport(parsed, measured);
  return writeReport(parsed, measured, report);
}

/** The options, or the exit code when there is nothing to run (help: 0, a bad --only: 2). */
function parseBenchArgs(args: readonly string[]): BenchOptions | number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const quick = args.includes('--quick');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt === -1 ? undefined : new Set(args[onlyAt + 1]?.split(','));
  const unknown = [...(only ?? [])].filter((name) => !SUITE_NAMES.includes(name));
  if (unknown.length || (onlyAt !== -1 && !only?.size)) {
    process.stderr.write(`bench: unknown suite(s) ${unknown.join(', ') || '(none given)'}: --only takes a comma-separated list of ${SUITE_NAMES.join(', ')}\n`);
    return 2;
  }
  return { quick, only, out: quick || only ? PARTIAL_OUT : FULL_OUT };
}

/** Every scheduled suite asked for, in order, in one or two passes; a failed suite is recorded, not thrown. */
async function runSchedule({ quick, only }: BenchOptions): Promise<Measured> {
  const started = Date.now();
  const results: Record<string, Figure> = {};
  const details: Record<string, Figure> = {};
  const series: Measured['series'] = {};
  const errors: Record<string, string> = {};
  // What the machine did beside each suite: the bench's processes, every other one, the hypervisor.
  const host: Record<string, HostActivity> = {};
  // A second pass only when a suite that takes one was asked for.
  const passes = !quick && [...SECOND_PASS].some((name) => !only || only.has(name)) ? 2 : 1;
  const record = (into: Record<string, Figure>) => (key: string, f: Figure) => void (into[key] = into[key] ? mergeFigures(key, into[key], f) : f);
  // The last line logged: where a suite that runs out of time stood.
  let lastLog = '';
  const ctx: BenchContext = {
    quick,
    pass: 0,
    passes,
    result: record(results),
    detail: record(details),
    // Each line carries the run's elapsed time, so a slow step shows where the minutes go.
    log: (m) => {
      lastLog = `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`;
      process.stderr.write(`${lastLog}\n`);
    },
    series: (name, points, axes) => void (series[name] = { points, axes }),
  };
  for (let pass = 0; pass < passes; pass++) {
    ctx.pass = pass;
    if (pass > 0) {
      // A fresh Chromium for the second pass: what one browser instance happens to get (its
      // threads' placement, its memory) is then part of the spread, not the whole run's bias.
      await closeSharedBrowserSession();
      ctx.log(`bench: pass ${pass + 1} of ${passes}, the same suites again with the rest of their repeats`);
    }
    for (const { name, run: suite } of BENCH_SCHEDULE) {
      if (only && !only.has(name)) continue;
      if (pass > 0 && (!SECOND_PASS.has(name) || errors[name])) continue;
      ctx.passes = SECOND_PASS.has(name) ? passes : 1;
      const t = Date.now();
      const before = sampleHost();
      const label = `${name}${passes > 1 && SECOND_PASS.has(name) ? ` (pass ${pass + 1})` : ''}`;
      ctx.log(`bench: ${label}…`);
      try {
        await within(name, SUITE_DEADLINE_S, suite(ctx), () => lastLog.trim());
      } catch (error) {
        // A failed suite is reported, not hidden: its keys stay absent and the reason is written.
        errors[name] = error instanceof Error ? `${error.message}` : String(error);
        ctx.log(`bench: ${name} failed: ${errors[name]}`);
        // A suite out of time may have left its page stuck: the next browser suite starts a fresh
        // Chromium, and closing this one ends the late suite's pending page calls.
        if (HearthError.isInstance(error) && error.code === 'timeout') await closeSharedBrowserSession();
      }
      const activity = activityBetween(before, sampleHost(), (Date.now() - t) / 1000);
      if (activity) host[label] = activity;
      ctx.log(`bench: ${name} took ${((Date.now() - t) / 1000).toFixed(0)} s${activity ? `; CPU: bench ${activity.benchPct} %, kernel ${activity.kernelPct} %, other processes ${activity.othersPct} %, steal ${activity.stealPct} %` : ''}`);
    }
  }
  await closeSharedBrowserSession();
  // Over the suites' own time: between suites the browser closes, and its processes' time,
  // orphaned on exit and reaped by init, would be charged to other workloads.
  const whole = combineActivity(Object.values(host));
  if (whole) host['all suites'] = whole;
  return { started, passes, results, details, series, errors, host };
}

/** A suite's run, or a `timeout` HearthError naming the suite and its last logged line once `seconds` pass. */
async function within(suite: string, seconds: number, run: Promise<void>, lastLine: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `${suite} did not finish in ${seconds} s; its last line: ${lastLine() || '(none)'}`;
      reject(new HearthError({ code: 'timeout', message, hint: 'the step after that line never settled', data: { suite, seconds } }));
    }, seconds * 1000);
  });
  try {
    await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** report.json's content: the machine, the figures (summaries, not every repeat) and the failures. */
function buildReport({ quick }: BenchOptions, m: Measured) {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    chromium: chromiumVersion(),
    engines: { 'node-llama-cpp': version('node-llama-cpp'), '@wllama/wllama': version('@wllama/wllama'), '@mlc-ai/web-llm': version('@mlc-ai/web-llm') },
  };
  return {
    generatedAt: new Date().toISOString(),
    quick,
    durationSeconds: Math.round((Date.now() - m.started) / 1000),
    machine,
    passes: m.passes,
    host: m.host,
    results: Object.fromEntries(Object.entries(m.results).map(([k, f]) => [k, f.value])),
    figures: withoutBasis(m.results),
    details: withoutBasis(m.details),
    errors: m.errors,
  };
}

type BenchReport = ReturnType<typeof buildReport>;

/**
 * Writes report.json, the plots and report.md (printed too), then checks the report as written:
 * every required key of the suites that ran a finite number. Resolves to the exit code.
 */
function writeReport({ quick, only, out: OUT }: BenchOptions, m: Measured, report: BenchReport): number {
  const { results, details, series, errors, host, passes } = m;
  const { machine } = report;
  let exitCode = 0;
  mkdirSync(OUT, { recursive: true });
  // A full run replaces the report, keeping the one before as report.previous.json: its ratios
  // are checked against the spread the previous full run reported.
  const previous = quick || only ? undefined : previousFullReport();
  if (previous) copyFileSync(join(FULL_OUT, 'report.json'), join(FULL_OUT, 'report.previous.json'));
  writeFileSync(join(OUT, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  const current: ReportFigures = { generatedAt: report.generatedAt, quick, figures: results, host };
  const comparison = previous ? renderRatioChecks(previous, checkRatios(previous, current), current) : [];
  const plots: string[] = [];
  const plot = (name: string, svg: string): void => {
    const file = `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/^-|-$/g, '')}.svg`;
    writeFileSync(join(OUT, file), svg);
    plots.push(`![${name}](${file})`);
  };
  for (const phase of ['decode', 'prefill'] as const) {
    const bars = tokensPerSecondBars(details, phase);
    const name = `${phase === 'decode' ? 'Decode' : 'Prompt processing'} tok/s, 2 threads, side by side (median, whisker: range of repeats)`;
    if (bars.length) plot(name, renderSvgBars(name, bars, 'tok/s'));
  }
  for (const [name, s] of Object.entries(series)) plot(name, renderSvgPlot(name, s.points, s.axes));
  const row = (k: string, f: Figure): string => `| \`${k}\` | ${f.value} ${f.unit === 'ratio' ? '×' : f.unit} | ${f.min} – ${f.max} (${f.repeats}) | ${f.how} |`;
  const md = [
    `# Hearth benchmark report`,
    ``,
    `${report.generatedAt}${quick ? ' (quick subset)' : ''}, ${report.durationSeconds} s. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}; node-llama-cpp ${machine.engines['node-llama-cpp']}, wllama ${machine.engines['@wllama/wllama']}.`,
    ``,
    `Every figure below was measured in this run. Ratios are Hearth ÷ reference; value is the median of paired repeats' ratios (each pair taken side by side), the spread their range.${passes > 1 ? ` The ${[...SECOND_PASS].join(', ')} suites took their repeats in ${passes} passes, minutes apart, each with a fresh browser, pooled: their spreads hold the drift over the run. The other suites ran once.` : ''}`,
    ``,
    `| result | value | spread (repeats) | how |`,
    `| --- | --- | --- | --- |`,
    ...Object.entries(results).map(([k, f]) => row(k, f)),
    ``,
    `## Supporting measurements`,
    ``,
    `| measurement | value | spread (repeats) | how |`,
    `| --- | --- | --- | --- |`,
    ...Object.entries(details).map(([k, f]) => row(k, f)),
    ...(Object.keys(host).length ? ['', ...renderHostActivity(host)] : []),
    ...(comparison.length ? ['', ...comparison] : []),
    ...(Object.keys(errors).length ? ['', '## Suites that failed', '', ...Object.entries(errors).map(([k, e]) => `- ${k}: ${e}`)] : []),
    ...(plots.length ? ['', '## Plots', '', ...plots] : []),
    '',
  ].join('\n');
  writeFileSync(join(OUT, 'report.md'), md);
  process.stdout.write(md);
  if (OUT !== FULL_OUT) process.stderr.write(`bench: a ${quick ? 'quick' : 'partial'} run: written to ${OUT}, bench/report.* untouched\n`);
  if (Object.keys(errors).length) exitCode = 1;
  // The report checks itself as written: every required key (of the suites that ran) a finite number.
  const written = JSON.parse(readFileSync(join(OUT, 'report.json'), 'utf8')) as { results?: Record<string, unknown> };
  const missing = Object.entries(REQUIRED)
    .filter(([key, suite]) => (!only || only.has(suite)) && !Number.isFinite(written.results?.[key]))
    .map(([key, suite]) => `${key} (${suite}${errors[suite] ? ` failed: ${errors[suite]}` : ''})`);
  if (missing.length) {
    process.stderr.write(`bench: bench/report.json lacks ${missing.length} required key(s):\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
    exitCode = 1;
  }
  return exitCode;
}

// `npm run bench` runs this file; the CLI (`hearth bench`) imports runBench instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await runBench(process.argv.slice(2));
