/** Text escaped for SVG markup. */
const esc = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small, dependency-free line plot as SVG text (the report's plots must render anywhere). */
export function renderSvgPlot(title: string, points: Array<[number, number]>, axes: { x: string; y: string }): string {
  const w = 640;
  const h = 360;
  const pad = { l: 60, r: 20, t: 40, b: 50 };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 1)];
  const [y0, y1] = [0, Math.max(...ys, 1) * 1.05];
  const sx = (x: number): number => pad.l + ((x - x0) / (x1 - x0 || 1)) * (w - pad.l - pad.r);
  const sy = (y: number): number => h - pad.b - ((y - y0) / (y1 - y0 || 1)) * (h - pad.t - pad.b);
  const path = points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    ...ticks.map((t) => `<line x1="${pad.l}" x2="${w - pad.r}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${pad.l - 6}" y="${sy(t) + 4}" text-anchor="end">${Math.round(t)}</text>`),
    `<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${h - pad.b}" stroke="#333"/>`,
    `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" stroke="#333"/>`,
    `<text x="${w / 2}" y="${h - 12}" text-anchor="middle">${esc(axes.x)}</text>`,
    `<text x="16" y="${h / 2}" text-anchor="middle" transform="rotate(-90 16 ${h / 2})">${esc(axes.y)}</text>`,
    `<text x="${pad.l}" y="${h - pad.b + 16}" text-anchor="middle">${x0}</text><text x="${w - pad.r}" y="${h - pad.b + 16}" text-anchor="middle">${x1}</text>`,
    `<path d="${path}" fill="none" stroke="#c0392b" stroke-width="2"/>`,
    `</svg>`,
  ].join('\n');
}

export interface Bar {
  label: string;
  value: number;
  /** The repeats' range, drawn as a whisker. */
  min: number;
  max: number;
}

/** A bar chart with min–max whiskers as SVG text: one bar per measured figure, labelled below. */
export function renderSvgBars(title: string, bars: Bar[], unit: string): string {
  const w = Math.max(640, 90 * bars.length + 80);
  const h = 380;
  const pad = { l: 60, r: 20, t: 40, b: 90 };
  const top = Math.max(...bars.map((b) => Math.max(b.max, b.value)), 1) * 1.1;
  const sy = (y: number): number => h - pad.b - (y / top) * (h - pad.t - pad.b);
  const slot = (w - pad.l - pad.r) / Math.max(bars.length, 1);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const body = bars.flatMap((b, i) => {
    const x = pad.l + i * slot + slot * 0.2;
    const bw = slot * 0.6;
    const cx = x + bw / 2;
    const [line1, line2 = ''] = b.label.split('\n');
    return [
      `<rect class="bar" data-value="${b.value}" x="${x.toFixed(1)}" y="${sy(b.value).toFixed(1)}" width="${bw.toFixed(1)}" height="${(h - pad.b - sy(b.value)).toFixed(1)}" fill="#2c7fb8"/>`,
      `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${sy(b.min).toFixed(1)}" y2="${sy(b.max).toFixed(1)}" stroke="#333"/>`,
      `<text x="${cx.toFixed(1)}" y="${(sy(Math.max(b.max, b.value)) - 5).toFixed(1)}" text-anchor="middle">${b.value}</text>`,
      `<text x="${cx.toFixed(1)}" y="${h - pad.b + 16}" text-anchor="middle">${esc(line1 ?? '')}</text>`,
      `<text x="${cx.toFixed(1)}" y="${h - pad.b + 30}" text-anchor="middle">${esc(line2)}</text>`,
    ];
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    ...ticks.map((t) => `<line x1="${pad.l}" x2="${w - pad.r}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#eee"/><text x="${pad.l - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${t >= 10 ? Math.round(t) : t.toFixed(1)}</text>`),
    `<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${h - pad.b}" stroke="#333"/>`,
    `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" stroke="#333"/>`,
    `<text x="16" y="${(h - pad.b) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(h - pad.b) / 2})">${esc(unit)}</text>`,
    ...body,
    `</svg>`,
  ].join('\n');
}
