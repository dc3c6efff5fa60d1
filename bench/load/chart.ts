/**
 * An SVG chart of latency against offered rate: one colour per series (API and workload), p99 as a
 * solid line and p50 dashed, on a logarithmic latency axis so 2 ms and 2 s both read; the p99 bound
 * is drawn across.
 */

export interface ChartSeries {
  name: string;
  points: { rate: number; p50: number; p99: number }[];
}

const WIDTH = 900;
const HEIGHT = 500;
const MARGIN = { left: 70, right: 230, top: 40, bottom: 55 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];

export function latencyChart(title: string, series: readonly ChartSeries[], boundMs: number): string {
  const points = series.flatMap((line) => line.points);
  const maxRate = Math.max(10, ...points.map((point) => point.rate)) * 1.05;
  const minMs = Math.max(0.1, Math.min(boundMs, ...points.map((point) => point.p50)) / 1.5);
  const maxMs = Math.max(boundMs, ...points.map((point) => point.p99)) * 1.5;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (rate: number) => MARGIN.left + (rate / maxRate) * plotWidth;
  const y = (ms: number) => MARGIN.top + plotHeight - ((Math.log10(ms) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs))) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${WIDTH / 2 - MARGIN.right / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`);
  // Axes and grid.
  for (const ms of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]) {
    if (ms < minMs || ms > maxMs) continue;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(ms)}" y2="${y(ms)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}</text>`);
  }
  const rateStep = niceStep(maxRate / 8);
  for (let rate = 0; rate <= maxRate; rate += rateStep) {
    parts.push(`<line x1="${x(rate)}" x2="${x(rate)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#f3f3f3"/>`);
    parts.push(`<text x="${x(rate)}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${rate.toLocaleString('en-US')}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">offered rate (requests/s)</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">latency (log scale)</text>`);
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(boundMs)}" y2="${y(boundMs)}" stroke="#999" stroke-dasharray="2 4"/>`);
  parts.push(`<text x="${MARGIN.left + plotWidth - 4}" y="${y(boundMs) - 4}" text-anchor="end" fill="#666">p99 bound ${boundMs} ms</text>`);
  series.forEach((line, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const path = (key: 'p50' | 'p99') => line.points.map((point) => `${x(point.rate).toFixed(1)},${y(Math.max(minMs, point[key])).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path('p99')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<polyline points="${path('p50')}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    for (const point of line.points)
      parts.push(`<circle cx="${x(point.rate).toFixed(1)}" cy="${y(Math.max(minMs, point.p99)).toFixed(1)}" r="3" fill="${colour}"/>`);
    const legendY = MARGIN.top + 10 + index * 20;
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" x2="${WIDTH - MARGIN.right + 40}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${WIDTH - MARGIN.right + 46}" y="${legendY + 4}">${escape(line.name)}</text>`);
  });
  const noteY = MARGIN.top + 20 + series.length * 20;
  parts.push(`<text x="${WIDTH - MARGIN.right + 15}" y="${noteY}" fill="#666">solid: p99, dashed: p50</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

/** Text made safe inside an SVG (or any XML) element. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
