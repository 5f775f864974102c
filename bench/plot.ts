/**
 * A dependency-free SVG line chart for bench:compare: side-by-side panels (wall time and peak RSS
 * against corpus size), logarithmic axes, one line per tool, axis labels, a shared legend.
 */

export interface Point {
  x: number;
  y: number;
}
export interface Series {
  name: string;
  points: Point[];
}
export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
  /** a dashed slope-1 line (linear growth) through the first series' smallest point */
  guide?: boolean;
}
export interface PlotSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  panels: Panel[];
}

const PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const W = 460; // one panel's plot area
const H = 300;
const M = { top: 70, right: 20, bottom: 60, left: 75 };
const GAP = 40;

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Tick values of a log axis between lo and hi: 1, 2, 5 × 10^k (only powers of ten when the range is wide). */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const wide = Math.log10(hi / lo) > 3;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of wide ? [1] : [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

/** A short label for a tick: 1k, 50k, 0.5, 2. */
export function fmtTick(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/** The log range padded to whole ticks around the data (a single value gets a decade around it). */
function range(values: number[]): [number, number] {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  if (pos.length === 0) return [1, 10];
  let lo = Math.min(...pos);
  let hi = Math.max(...pos);
  if (hi / lo < 10) {
    const mid = Math.sqrt(lo * hi);
    lo = Math.min(lo, mid / Math.sqrt(10));
    hi = Math.max(hi, mid * Math.sqrt(10));
  }
  const step = (v: number, up: boolean) => {
    const e = Math.floor(Math.log10(v));
    const ms = [1, 2, 5, 10];
    const m = v / 10 ** e;
    const pick = up ? ms.find((x) => x >= m - 1e-9)! : [...ms].reverse().find((x) => x <= m + 1e-9)!;
    return pick * 10 ** e;
  };
  return [step(lo, false), step(hi, true)];
}

export function renderPlot(spec: PlotSpec): string {
  const names = [...new Set(spec.panels.flatMap((p) => p.series.map((s) => s.name)))];
  const color = new Map(names.map((n, i) => [n, PALETTE[i % PALETTE.length]!]));
  const n = spec.panels.length;
  const width = M.left + n * W + (n - 1) * (M.left + GAP) + M.right;
  const legendRows = Math.ceil(names.length / 4);
  const height = M.top + H + M.bottom + legendRows * 20 + 10;
  const xs = spec.panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => pt.x)));
  const [x0, x1] = range(xs);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  if (spec.subtitle)
    out.push(
      `<text x="${width / 2}" y="44" text-anchor="middle" font-size="11" fill="#555">${escapeXml(spec.subtitle)}</text>`,
    );
  spec.panels.forEach((panel, pi) => {
    const ox = M.left + pi * (W + M.left + GAP);
    const oy = M.top;
    const ys = panel.series.flatMap((s) => s.points.map((p) => p.y));
    const [y0, y1] = range(ys);
    const sx = (x: number) => ox + ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * W;
    const sy = (y: number) =>
      oy + H - ((Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * H;
    out.push(`<g class="panel">`);
    out.push(`<rect x="${ox}" y="${oy}" width="${W}" height="${H}" fill="none" stroke="#333"/>`);
    out.push(
      `<text x="${ox + W / 2}" y="${oy - 8}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`,
    );
    for (const t of logTicks(x0, x1)) {
      const x = sx(t).toFixed(1);
      out.push(`<line x1="${x}" y1="${oy}" x2="${x}" y2="${oy + H}" stroke="#e5e5e5"/>`);
      out.push(`<text x="${x}" y="${oy + H + 16}" text-anchor="middle">${fmtTick(t)}</text>`);
    }
    for (const t of logTicks(y0, y1)) {
      const y = sy(t).toFixed(1);
      out.push(`<line x1="${ox}" y1="${y}" x2="${ox + W}" y2="${y}" stroke="#e5e5e5"/>`);
      out.push(`<text x="${ox - 6}" y="${(+y + 4).toFixed(1)}" text-anchor="end">${fmtTick(t)}</text>`);
    }
    out.push(
      `<text x="${ox + W / 2}" y="${oy + H + 40}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
      `<text transform="translate(${ox - 55},${oy + H / 2}) rotate(-90)" text-anchor="middle">${escapeXml(panel.yLabel)}</text>`,
    );
    const first = panel.series[0]?.points.filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x)[0];
    if (panel.guide && first) {
      const clip = `clip${pi}`;
      out.push(
        `<clipPath id="${clip}"><rect x="${ox}" y="${oy}" width="${W}" height="${H}"/></clipPath>`,
        `<line class="guide" clip-path="url(#${clip})" x1="${sx(x0).toFixed(1)}" y1="${sy((first.y * x0) / first.x).toFixed(1)}" x2="${sx(x1).toFixed(1)}" y2="${sy((first.y * x1) / first.x).toFixed(1)}" stroke="#999" stroke-dasharray="5,4"/>`,
        `<text x="${ox + W - 6}" y="${oy + 14}" text-anchor="end" fill="#777" font-size="11">dashed: linear growth from ${escapeXml(panel.series[0]!.name)}'s first point</text>`,
      );
    }
    for (const s of panel.series) {
      const pts = s.points.filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x);
      if (pts.length === 0) continue;
      const c = color.get(s.name)!;
      const path = pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      if (pts.length > 1)
        out.push(
          `<polyline fill="none" stroke="${c}" stroke-width="2" points="${path}"><title>${escapeXml(s.name)}</title></polyline>`,
        );
      for (const p of pts)
        out.push(
          `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${c}"><title>${escapeXml(`${s.name}: ${fmtTick(p.x)} → ${+p.y.toPrecision(3)}`)}</title></circle>`,
        );
    }
    out.push('</g>');
  });
  // legend
  const ly = M.top + H + M.bottom;
  names.forEach((n, i) => {
    const lx = M.left + (i % 4) * Math.max(160, Math.floor((width - M.left) / 4));
    const y = ly + Math.floor(i / 4) * 20;
    out.push(
      `<line x1="${lx}" y1="${y}" x2="${lx + 24}" y2="${y}" stroke="${color.get(n)}" stroke-width="3"/>`,
      `<circle cx="${lx + 12}" cy="${y}" r="4" fill="${color.get(n)}"/>`,
      `<text x="${lx + 30}" y="${y + 4}">${escapeXml(n)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
