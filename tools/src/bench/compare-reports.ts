import type { Figure } from './bench-context.ts';
import type { HostActivity } from './host-activity.ts';

/** The part of a written bench/report.json a comparison reads. */
export interface ReportFigures {
  generatedAt: string;
  quick: boolean;
  figures: Record<string, Figure>;
  /** What the machine did beside each suite (reports from before it was recorded lack it). */
  host?: Record<string, HostActivity>;
}

/**
 * Whether a written report holds a full run: not --quick, no suite failed, and every suite ran,
 * that is, each suite of `required` (key → suite) has at least one of its keys as a finite number.
 * A key added to a suite since that run (absent from its report) does not disqualify it: the
 * next run's check leaves that ratio out, as it leaves out every key only one run has.
 */
export function isFullReport(report: { quick?: boolean; results?: Record<string, unknown>; errors?: Record<string, string> }, required: Readonly<Record<string, string>>): boolean {
  if (report.quick || Object.keys(report.errors ?? {}).length > 0) return false;
  const ran = (suite: string): boolean => Object.entries(required).some(([key, s]) => s === suite && Number.isFinite(report.results?.[key]));
  return [...new Set(Object.values(required))].every(ran);
}

export interface RatioCheck {
  key: string;
  previous: Figure;
  value: number;
  /** Whether `value` lies within the previous run's spread (its min – max over repeats). */
  within: boolean;
}

/**
 * Every ratio result of `current` set against the same key in `previous`: is this run's value
 * inside the spread the previous run reported? (Issue 8: a second run gives ratios within the
 * spread the first reported.) Keys only one run has are left out.
 *
 * @example checkRatios(previousReport, currentReport).filter((c) => !c.within)
 */
export function checkRatios(previous: ReportFigures, current: ReportFigures): RatioCheck[] {
  const checks: RatioCheck[] = [];
  for (const [key, figure] of Object.entries(current.figures)) {
    const before = previous.figures[key];
    if (figure.unit !== 'ratio' || !before || before.unit !== 'ratio') continue;
    checks.push({ key, previous: before, value: figure.value, within: figure.value >= before.min && figure.value <= before.max });
  }
  return checks;
}

/** Markdown lines for the report: one row per ratio, and a summary line first. */
export function renderRatioChecks(previous: ReportFigures, checks: readonly RatioCheck[], current?: ReportFigures): string[] {
  const inside = checks.filter((c) => c.within).length;
  const load = (r: ReportFigures | undefined): string => {
    const whole = r?.host?.['all suites'];
    return whole ? `other processes ${whole.othersPct} % of the CPU, steal ${whole.stealPct} %` : 'not recorded';
  };
  return [
    `## Against the previous run`,
    ``,
    `${inside} of ${checks.length} ratios fall within the spread the previous full run (${previous.generatedAt}) reported.`,
    ``,
    `The machine beside the bench: previous run ${load(previous)}; this run ${load(current)}.`,
    ``,
    `| result | previous value | previous spread | this run | within |`,
    `| --- | --- | --- | --- | --- |`,
    ...checks.map((c) => `| \`${c.key}\` | ${c.previous.value} × | ${c.previous.min} – ${c.previous.max} | ${c.value} × | ${c.within ? 'yes' : '**no**'} |`),
  ];
}
